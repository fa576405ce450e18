"""The root command: ``reisgenoot --help`` lists every command without importing the areas."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import typer.main

import reisgenoot.cli
from reisgenoot.cli import COMMANDS, area, load_command

REISGENOOT = Path(sys.executable).with_name("reisgenoot")
AREA_PACKAGES = ("sqlalchemy", "numpy", "reisgenoot.store", "reisgenoot.knowledge")


def _listed(help_text: str) -> list[str]:
    """The command names in the help's "Commands" panel, in order."""
    panel = help_text.split("Commands")[1]
    return re.findall(r"^│ (\S+) ", panel, flags=re.MULTILINE)


def test_help_lists_every_command_and_touches_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(REISGENOOT), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("REISGENOOT_")}
        | {"COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Usage: reisgenoot" in result.stdout
    assert _listed(result.stdout) == list(COMMANDS)
    assert "Kennisbank: importeren en zoeken." in result.stdout
    assert list(tmp_path.iterdir()) == [], "--help must not create a home or a database"


def test_help_imports_no_area_module() -> None:
    probe = (
        "import sys\n"
        "from reisgenoot.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(("
        + ", ".join(repr(p) for p in AREA_PACKAGES)
        + ", 'reisgenoot.cli.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_table_names_every_command_with_its_own_summary() -> None:
    modules = [
        info.name
        for info in pkgutil.iter_modules(reisgenoot.cli.__path__)
        if hasattr(importlib.import_module(f"reisgenoot.cli.{info.name}"), "register")
    ]
    registered = {
        name: module for module in modules for name in typer.main.get_group(area(module)).commands
    }
    assert registered == {name: entry.module for name, entry in COMMANDS.items()}
    for name, entry in COMMANDS.items():
        command = load_command(name)
        first_paragraph = (command.short_help or command.help or "").split("\n\n")[0]
        assert " ".join(first_paragraph.split()) == entry.summary, name


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    # `reisgenoot redact --batch … | head -1`: the pipe closes while output is still coming;
    # that is the reader's choice, not a failure to report ("er ging onverwacht iets mis").
    lines = tmp_path / "regels.jsonl"
    lines.write_text('{"text": "Bel mij op 06-12345678."}\n' * 20_000, encoding="utf-8")
    process = subprocess.Popen(
        [str(REISGENOOT), "redact", "--batch", str(lines)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if not k.startswith("REISGENOOT_")}
        | {"REISGENOOT_HOME": str(tmp_path / "home")},
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read().decode()
    process.wait(timeout=120)
    assert b"[TELEFOON]" in first
    assert errors == ""
    assert process.returncode == 1
