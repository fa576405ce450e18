"""docs/security.md names a test for every threat, and every test file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"


def _rows() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Threats, defences and tests", 1)[1].split("## Fuzzing", 1)[0]
    return [
        line
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith(("| threat", "|---"))
    ]


def test_every_threat_row_names_a_test() -> None:
    rows = _rows()
    assert len(rows) >= 20
    for row in rows:
        assert re.search(r"`tests/[\w/]+\.py`", row), row


def test_every_named_test_file_exists() -> None:
    named = set(re.findall(r"`(tests/[\w/]+\.py)`", DOC.read_text(encoding="utf-8")))
    assert len(named) >= 15
    missing = sorted(path for path in named if not (ROOT / path).is_file())
    assert missing == []


def test_architecture_links_the_security_page() -> None:
    assert "security.md" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
