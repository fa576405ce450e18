"""The hashed lock files stay consistent with ``pyproject.toml`` (no network, ADR 19).

``requirements/lock.txt`` pins the runtime, ``requirements/lock-test.txt`` the runtime plus the
``test`` extra; both are made by ``scripts/lock`` and installed offline by
``scripts/install-offline`` with ``--require-hashes``. These tests fail when a dependency is
added or narrowed in ``pyproject.toml`` without running ``scripts/lock`` again, when an entry
lost its hashes, or when a locked package needs something the lock does not name.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCKS = {
    "runtime": ROOT / "requirements" / "lock.txt",
    "test": ROOT / "requirements" / "lock-test.txt",
}
HASH = re.compile(r"--hash=sha256:([0-9a-f]+)")


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: str
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self) -> bool:
        """Whether the pin is meant for this interpreter and platform."""
        return self.marker is None or self.marker.evaluate()


def parse_lock(path: Path) -> list[Pin]:
    """The entries of a pip requirements file with hashes (continuation lines joined)."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{path.name}: an option line is not expected: {line}"
        requirement = Requirement(HASH.sub("", line).strip())
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"{path.name}: {requirement} is not pinned with =="
        )
        assert requirement.url is None, f"{path.name}: {requirement.name} comes from a URL"
        pins.append(
            Pin(
                canonicalize_name(requirement.name),
                specifiers[0].version,
                requirement.marker,
                tuple(HASH.findall(line)),
            )
        )
    return pins


def declared(extra: str | None = None) -> list[Requirement]:
    """The runtime dependencies of ``pyproject.toml``, plus one extra's when named."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    if extra is not None:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def by_name(pins: list[Pin]) -> dict[NormalizedName, list[Pin]]:
    found: dict[NormalizedName, list[Pin]] = {}
    for pin in pins:
        found.setdefault(pin.name, []).append(pin)
    return found


LOCK_EXTRAS = [("runtime", None), ("test", "test")]


@pytest.mark.parametrize(("lock", "extra"), LOCK_EXTRAS)
def test_every_entry_is_pinned_and_hashed(lock: str, extra: str | None) -> None:
    pins = parse_lock(LOCKS[lock])
    assert len(pins) > 20
    for pin in pins:
        assert pin.hashes, f"{pin.name}=={pin.version} has no --hash"
        assert all(len(digest) == 64 for digest in pin.hashes), pin.name
    assert canonicalize_name("reisgenoot") not in by_name(pins), "the project itself is not locked"


@pytest.mark.parametrize(("lock", "extra"), LOCK_EXTRAS)
def test_every_declared_dependency_is_pinned_within_its_range(lock: str, extra: str | None) -> None:
    pins = by_name(parse_lock(LOCKS[lock]))
    stale = []
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        versions = [pin.version for pin in pins.get(name, [])]
        if not versions or not all(
            requirement.specifier.contains(version, prereleases=True) for version in versions
        ):
            stale.append(f"{requirement} (lock: {versions or 'ontbreekt'})")
    assert not stale, f"run scripts/lock: {LOCKS[lock].name} does not match pyproject.toml: {stale}"


def _requires(name: str, version: str, extras: frozenset[str]) -> list[Requirement]:
    """What an installed distribution of this exact version declares it needs here."""
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return []
    if canonicalize_name(distribution.version) != canonicalize_name(version):
        return []  # another version installed: its metadata says nothing about the locked one
    needed = []
    for line in distribution.requires or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": e}) for e in extras | {""}):
            needed.append(requirement)
    return needed


@pytest.mark.parametrize(("lock", "extra"), LOCK_EXTRAS)
def test_the_lock_is_closed_under_the_dependencies_of_what_it_pins(
    lock: str, extra: str | None
) -> None:
    """Everything a locked package needs (with the extras asked for) is locked too.

    Read from the metadata of the packages installed here, where their version is the
    locked one: an install with ``--require-hashes`` fails on any missing package.
    """
    pins = {name: found for name, found in by_name(parse_lock(LOCKS[lock])).items()}
    todo = [
        (canonicalize_name(r.name), frozenset(r.extras))
        for r in declared(extra)
        if r.marker is None or r.marker.evaluate()
    ]
    seen: set[tuple[NormalizedName, frozenset[str]]] = set()
    missing = []
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        applicable = [pin for pin in pins.get(name, []) if pin.applies()]
        if not applicable:
            missing.append(name)
            continue
        for requirement in _requires(name, applicable[0].version, extras):
            todo.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    assert not missing, f"run scripts/lock: needed but not in {LOCKS[lock].name}: {missing}"
    if len(seen) <= len(declared(extra)):
        pytest.skip("no package is installed here at its locked version; install from the lock")


def test_the_test_lock_keeps_the_runtime_versions() -> None:
    runtime = {(pin.name, str(pin.marker)): pin.version for pin in parse_lock(LOCKS["runtime"])}
    test = {(pin.name, str(pin.marker)): pin.version for pin in parse_lock(LOCKS["test"])}
    assert runtime.keys() <= test.keys()
    assert {key: test[key] for key in runtime} == runtime


def test_install_offline_refuses_a_folder_that_is_no_wheelhouse(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "install-offline"), str(tmp_path), str(tmp_path / "venv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "lock.txt ontbreekt" in done.stderr and "scripts/wheelhouse" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_install_offline_refuses_a_wheelhouse_for_another_python(tmp_path: Path) -> None:
    for name in ("lock.txt", "reisgenoot.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "python.txt").write_text("3.99\n", encoding="utf-8")
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "install-offline"), str(tmp_path), str(tmp_path / "venv")],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"], "PYTHON": sys.executable},
    )
    assert done.returncode == 2, done.stderr
    assert "gemaakt voor Python 3.99" in done.stderr and "PYTHON=python" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_install_offline_asks_no_index_and_checks_hashes() -> None:
    script = (ROOT / "scripts" / "install-offline").read_text(encoding="utf-8")
    command = script[script.index("pip install") :]
    for option in ("--no-index", "--require-hashes", "--find-links", "--only-binary=:all:"):
        assert option in command, option
