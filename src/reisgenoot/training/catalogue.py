"""Which practice scenarios this installation has: the shipped ones plus the municipality's own.

``REISGENOOT_SCENARIO_DIR`` (:attr:`reisgenoot.settings.Settings.scenario_dir`) names a folder
of the municipality's own scenario files, in the same format as the shipped ones
(``docs/handleiding/scenario-schrijven.md``). They are loaded **beside** the shipped scenarios;
an own file with the name of a shipped scenario **replaces** it, so a municipality can adapt a
shipped conversation (its own amounts, its own kennisartikelen) without renaming it, and the
practice history and difficulty rating under that name carry on. Files whose name starts with
``_`` are skipped; the shared resident reactions always come from the shipped
``_standaard.yaml``.

The folder is read again when a file in it changes (new, removed, edited), so an opleider does
not have to restart the web app. Two ways to read it:

- **strict** (the command line: ``reisgenoot train --list`` is how an opleider checks their
  files): the first problem raises :class:`~.scenario.ScenarioError` naming file, line and
  field (exit code 2);
- **lenient** (the web app): a broken file is left out and its Dutch message is kept in
  :attr:`Catalogue.problems`, which the opleider's page ``/training/scenarios`` shows, so one
  typo does not stop every trainee's practice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reisgenoot.settings import Settings
from reisgenoot.training.scenario import Scenario, ScenarioError
from reisgenoot.training.scenario_files import load_scenario, load_scenarios, scenario_files

__all__ = ["SHIPPED", "Catalogue", "catalogue", "catalogue_for"]

SHIPPED = "meegeleverd"
"""The origin of a scenario shipped with Reisgenoot (an own scenario's origin is its file)."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The scenarios of an installation by name (sorted), and where each comes from."""

    scenarios: Mapping[str, Scenario]
    origins: Mapping[str, str]
    own_dir: Path | None = None
    replaced: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def __contains__(self, name: object) -> bool:
        return name in self.scenarios

    def __iter__(self) -> Iterator[str]:
        return iter(self.scenarios)

    def __len__(self) -> int:
        return len(self.scenarios)

    def values(self) -> list[Scenario]:
        return list(self.scenarios.values())

    def get(self, name: str) -> Scenario:
        """The scenario called ``name``; a Dutch error lists the names when there is none."""
        found = self.scenarios.get(name)
        if found is None:
            raise ScenarioError(
                "unknown scenario",
                code="scenario_onbekend",
                name=name,
                names=", ".join(sorted(self.scenarios)),
            )
        return found

    def find(self, name: str) -> Scenario | None:
        return self.scenarios.get(name)

    def is_own(self, name: str) -> bool:
        """Whether ``name`` comes from the municipality's own folder."""
        return self.origins.get(name, SHIPPED) != SHIPPED

    @property
    def own(self) -> list[str]:
        return [name for name in self.scenarios if self.is_own(name)]


def _folder_problem(folder: Path) -> ScenarioError | None:
    if not folder.exists():
        return ScenarioError(
            "missing", code="scenario_map", folder=str(folder), detail="bestaat niet"
        )
    if not folder.is_dir():
        return ScenarioError(
            "no dir", code="scenario_map", folder=str(folder), detail="is geen map"
        )
    return None


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, change times and sizes of the folder's scenario files (cheap: one stat each)."""
    found: list[tuple[str, int, int]] = []
    for path in scenario_files(folder):
        stat = path.stat()
        found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


@lru_cache(maxsize=16)
def _build(
    own_dir: str | None, fingerprint: tuple[tuple[str, int, int], ...], strict: bool
) -> Catalogue:
    shipped = load_scenarios()
    scenarios: dict[str, Scenario] = dict(shipped)
    origins = dict.fromkeys(shipped, SHIPPED)
    if own_dir is None:
        return Catalogue(dict(sorted(scenarios.items())), origins)
    folder = Path(own_dir)
    problems: list[str] = []
    trouble = _folder_problem(folder)
    if trouble is not None:
        if strict:
            raise trouble
        problems.append(trouble.dutch())
    replaced: list[str] = []
    for path in scenario_files(folder) if trouble is None else []:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            if strict:
                raise
            problems.append(exc.dutch())
            continue
        if scenario.naam in shipped:
            replaced.append(scenario.naam)
        scenarios[scenario.naam] = scenario
        origins[scenario.naam] = str(path)
    return Catalogue(
        dict(sorted(scenarios.items())), origins, folder, tuple(replaced), tuple(problems)
    )


def catalogue(own_dir: Path | None = None, *, strict: bool = True) -> Catalogue:
    """The shipped scenarios plus those in ``own_dir`` (read again when its files change)."""
    if own_dir is None:
        return _build(None, (), strict)
    folder = own_dir.expanduser()
    fingerprint = _fingerprint(folder) if folder.is_dir() else ()
    return _build(str(folder), fingerprint, strict)


def catalogue_for(settings: Settings, *, strict: bool = True) -> Catalogue:
    """The scenarios of the installation configured by ``settings``: the shipped ones plus
    ``REISGENOOT_SCENARIO_DIR``, or, when that is not set, ``scenarios/`` in the home folder
    once an opleider saved a scenario in the browser."""
    own = settings.scenario_dir
    if own is None and (settings.home / "scenarios").is_dir():
        own = settings.home / "scenarios"
    return catalogue(own, strict=strict)
