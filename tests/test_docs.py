"""The documentation that describes the code fails a test when it drifts from the code.

- ``docs/architecture.md`` "Layers": the same packages, in the same order, as the import-linter
  contract in ``pyproject.toml``, and every package and top-level module on disk is in both.
- ``docs/architecture.md`` "Data model": exactly the tables of the SQLAlchemy metadata.
- ``README.md``'s command table: every command of the CLI, and nothing that is not one.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import typer.main

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "reisgenoot"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
NOT_LAYERED = {"__init__", "__main__"}


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/architecture.md has no section '## {heading}'"
    return match.group(1)


def _table_rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header


def _names(cell: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", cell))


def documented_layers() -> list[set[str]]:
    rows = _table_rows(_section(ARCHITECTURE.read_text(encoding="utf-8"), "Layers"))
    return [_names(row[1]) for row in rows]


def contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [set(re.findall(r"reisgenoot\.([a-z_]+)", layer)) for layer in contract["layers"]]


def on_disk() -> set[str]:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - NOT_LAYERED
    return packages | modules


def test_architecture_layers_match_the_import_contract() -> None:
    assert documented_layers() == contract_layers()


def test_every_package_and_module_is_layered_and_documented() -> None:
    layered = set().union(*contract_layers())
    documented = set().union(*documented_layers())
    assert on_disk() - layered == set(), "packages missing from the import-linter layers"
    assert layered - on_disk() == set(), "layers name packages that do not exist"
    assert documented == layered


def test_data_model_section_lists_exactly_the_tables() -> None:
    import reisgenoot.migrations.models  # noqa: F401  (gathers every table)
    from reisgenoot.store.base import Base

    rows = _table_rows(_section(ARCHITECTURE.read_text(encoding="utf-8"), "Data model"))
    documented = set().union(*(_names(row[0]) for row in rows))
    assert documented == set(Base.metadata.tables)


def cli_commands() -> set[str]:
    """Every command path of the CLI: groups and the commands inside them."""
    from reisgenoot.cli import app

    root = typer.main.get_command(app)
    found: set[str] = set()

    def walk(command: Any, ctx: Any, path: str) -> None:
        if path:
            found.add(path)
        for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
            sub = command.get_command(ctx, name)
            walk(sub, sub.context_class(sub, parent=ctx), f"{path} {name}".strip())

    walk(root, root.context_class(root), "")
    return found


def readme_commands() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"^\| command \| what \|\n(.*?)(?=\n\n)", text, re.M | re.S)
    assert table, "README.md has no command table"
    found = set()
    for span in re.findall(r"`reisgenoot ([^`]+)`", table.group(1)):
        words = []
        for word in span.split():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", word):
                break
            words.append(word)
        found.add(" ".join(words))
    return found


def test_readme_command_table_matches_the_cli() -> None:
    commands = cli_commands()
    leaves = {c for c in commands if not any(o.startswith(c + " ") for o in commands)}
    for documented in readme_commands():
        words = documented.split()
        known = next(
            (
                " ".join(words[:n])
                for n in range(len(words), 0, -1)
                if " ".join(words[:n]) in commands
            ),
            None,
        )
        # extra words are arguments ("train assign"), allowed only after a command, not a group
        assert known == documented or known in leaves, f"README names '{documented}'"
    assert leaves - readme_commands() == set(), "CLI commands missing from the README table"


def test_every_module_named_in_packages_exists() -> None:
    """A module the Packages section names (``pkg/``: `module.py`) is a file in that package."""
    section = _section(ARCHITECTURE.read_text(encoding="utf-8"), "Packages")
    missing = []
    for bullet in re.split(r"^- ", section, flags=re.M)[1:]:
        package = re.match(r"\*\*([a-z_]+)/\*\*", bullet)
        if package is None:
            continue
        for module in re.findall(r"`([a-z_]+)\.py`", bullet):
            if not (PACKAGE / package.group(1) / f"{module}.py").is_file():
                missing.append(f"{package.group(1)}/{module}.py")
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_module_is_split_before_500_lines() -> None:
    """CONTRIBUTING.md: one concept per module, split by concept before 500 lines (issue 18).

    A module that grows past it is split by what its parts do (e.g. ``language/pii_dates.py``
    and ``pii_bounds.py`` from ``pii_context.py`` and ``pii.py``), not trimmed by squeezing."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted((ROOT / "src").rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
