"""Reading scenario files: YAML in, a validated :class:`~.scenario.Scenario` out.

The file stem is the scenario name: lowercase letters, digits and hyphens (``assign`` is taken
by ``reisgenoot train assign``). Files whose name starts with ``_`` are not scenarios;
``_standaard.yaml`` in the shipped folder holds the resident reactions every scenario shares
(:func:`default_lines`).

Every problem is a :class:`~.scenario.ScenarioError` with a Dutch message naming the file,
the line and the field: the line of a YAML syntax error, of a wrong or unknown field, or —
for a missing field — of the field it belongs under (``persona:`` for ``persona.geduld``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from reisgenoot.training.scenario import BANDS, LINE_KEYS, Lines, Scenario, ScenarioError

__all__ = [
    "RESERVED",
    "default_lines",
    "load_scenario",
    "load_scenarios",
    "parse_scenario",
    "parse_scenario_text",
    "scenario_dir",
    "scenario_files",
]

RESERVED = frozenset({"assign"})
"""Names no scenario may have: ``reisgenoot train assign`` is a command."""
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def scenario_dir() -> Path:
    """The folder with the scenarios shipped in the package."""
    return Path(str(resources.files("reisgenoot.training") / "scenarios"))


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of ``folder`` (``*.yaml``, not ``_*``), sorted by name."""
    return sorted(
        path for path in folder.glob("*.yaml") if path.is_file() and not path.name.startswith("_")
    )


# --- Dutch explanations of validation errors -----------------------------------------------

_TYPE_TEXT = {
    "missing": "dit veld ontbreekt",
    "extra_forbidden": "dit veld bestaat niet in het formaat (tikfout?)",
    "int_parsing": "hier hoort een heel getal",
    "int_from_float": "hier hoort een heel getal",
    "float_parsing": "hier hoort een getal",
    "string_type": "hier hoort tekst",
    "list_type": "hier hoort een lijst (regels met '- ')",
    "dict_type": "hier horen velden (naam: waarde)",
    "bool_parsing": "hier hoort ja of nee (true of false)",
}


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(het hele bestand)"


def _type_text(item: Mapping[str, Any]) -> str:
    kind = str(item["type"])
    context = item.get("ctx") or {}
    if kind in _TYPE_TEXT:
        return _TYPE_TEXT[kind]
    if kind == "literal_error":
        return f"kies uit {context.get('expected', '')}".replace("'", "")
    if kind in {"less_than_equal", "less_than"}:
        return f"de waarde mag niet hoger zijn dan {context.get('le', context.get('lt'))}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"de waarde mag niet lager zijn dan {context.get('ge', context.get('gt'))}"
    if kind == "too_short":
        return f"geef er minstens {context.get('min_length', 1)}"
    return str(item["msg"]).removeprefix("Value error, ")


def _line_of(root: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest part of ``loc`` that the file has.

    For ``persona.geduld`` missing, that is the line of ``persona:``; for a missing top-level
    field, the first line of the file's fields; for an unknown or wrong field, its own line.
    """
    node = root
    line = root.start_mark.line + 1 if root is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _failure(error: ValidationError, where: str, root: yaml.Node | None) -> ScenarioError:
    """The first three problems; the first one's line goes in the heading, later ones say
    their own line."""
    messages: list[str] = []
    first: int | None = None
    for number, item in enumerate(error.errors()[:3]):
        loc = tuple(item["loc"])
        line = _line_of(root, loc) if loc else None
        if number == 0:
            first = line
        prefix = f"regel {line}, " if line is not None and number > 0 else ""
        messages.append(f"{prefix}veld '{_location(loc)}': {_type_text(item)}")
    return ScenarioError(str(error), file=where, line=first, detail="; ".join(messages))


# --- reading ---------------------------------------------------------------------------------


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The parsed file and its node tree (for line numbers)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            str(exc), file=str(path), detail="het bestand is niet te lezen"
        ) from exc
    return _parse_yaml(raw, str(path))


def _parse_yaml(raw: str, where: str) -> tuple[Any, yaml.Node | None]:
    try:
        return yaml.safe_load(raw), yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"regel {mark.line + 1}" if mark is not None else "onbekende plek"
        raise ScenarioError(str(exc), file=where, detail=f"geen geldige YAML ({place})") from exc


def parse_scenario_text(raw: str, *, name: str) -> Scenario:
    """Validate the text of a scenario file (as typed in the browser) called ``name``."""
    data, root = _parse_yaml(raw, name)
    return parse_scenario(data, name=name, file=name, root=root)


def _check_name(name: str, where: str) -> None:
    if not _NAME.match(name):
        raise ScenarioError(
            "bad name",
            file=where,
            detail="gebruik in de bestandsnaam alleen kleine letters, cijfers en streepjes",
        )
    if name in RESERVED:
        raise ScenarioError(
            "reserved name",
            file=where,
            detail=f"de naam '{name}' is al een opdracht ('reisgenoot train {name}'); kies een andere",
        )


def parse_scenario(
    data: Any, *, name: str, file: str = "", root: yaml.Node | None = None
) -> Scenario:
    """Validate parsed YAML as a scenario called ``name`` (the file stem).

    ``root`` is the file's node tree (``yaml.compose``); with it errors name the line.
    """
    where = file or name
    _check_name(name, where)
    if not isinstance(data, dict):
        raise ScenarioError("not a mapping", file=where, detail="het bestand moet velden bevatten")
    given = data.get("naam")
    if given is not None and given != name:
        raise ScenarioError(
            "name mismatch",
            file=where,
            line=_line_of(root, ("naam",)),
            detail=f"veld 'naam' is '{given}', maar het bestand heet '{name}'",
        )
    try:
        return Scenario.model_validate({**data, "naam": name})
    except ValidationError as exc:
        raise _failure(exc, where, root) from exc


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file; the file stem is its name."""
    data, root = _read_yaml(path)
    return parse_scenario(data, name=path.stem, file=str(path), root=root)


@cache
def _shipped() -> dict[str, Scenario]:
    return {path.stem: load_scenario(path) for path in scenario_files(scenario_dir())}


def load_scenarios(folder: Path | None = None) -> dict[str, Scenario]:
    """All scenarios in one ``folder`` (default: the shipped ones, read once), by name.

    An installation's scenarios — shipped plus its own folder — are
    :func:`reisgenoot.training.catalogue.catalogue_for`.
    """
    if folder is None:
        return dict(_shipped())
    return {path.stem: load_scenario(path) for path in scenario_files(folder)}


@cache
def default_lines() -> dict[str, Lines]:
    """The shared resident reactions (``scenarios/_standaard.yaml``)."""
    path = scenario_dir() / "_standaard.yaml"
    data, _root = _read_yaml(path)
    if not isinstance(data, dict):
        raise ScenarioError("not a mapping", file=str(path), detail="verwacht soorten zinnen")
    result: dict[str, Lines] = {}
    for key, lines in data.items():
        if key not in LINE_KEYS:
            raise ScenarioError("bad key", file=str(path), detail=f"onbekende soort zin '{key}'")
        result[key] = {band: [str(line) for line in lines.get(band, [])] for band in BANDS}
    return result
