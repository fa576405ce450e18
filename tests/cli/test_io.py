"""Shared command input: strict UTF-8 with byte offsets, one output line per input line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reisgenoot.cli.io import iter_lines, read_text, run_batch, text_field
from reisgenoot.errors import InputError


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "kapot.jsonl"
    path.write_bytes(b'{"text": "goed"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as caught:
        list(iter_lines(str(path)))
    assert caught.value.params["offset"] == 30
    assert "byte 30" in caught.value.dutch()


def test_a_file_is_refused_before_any_output(tmp_path: Path) -> None:
    path = tmp_path / "kapot.jsonl"
    path.write_bytes(b'{"text": "een"}\n' * 3 + b"\xff\n")
    written: list[str] = []
    with pytest.raises(InputError):
        run_batch(str(path), lambda r: r, out=written.append)
    assert written == []


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_text(str(tmp_path / "bestaat-niet.txt"))
    assert "bestaat-niet.txt" in caught.value.dutch()


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"text": "a"}\n\n[1, 2]\n{"text": 5}\n{"text": "b", "x": 1}\n', encoding="utf-8"
    )
    written: list[str] = []

    def process(record: dict[str, Any]) -> dict[str, str]:
        return {"upper": text_field(record, "text").upper()}

    errors = run_batch(str(path), process, out=written.append)
    rows = [json.loads(line) for line in written]
    assert len(rows) == 5
    assert rows[0] == {"upper": "A"} and rows[4] == {"upper": "B"}
    assert all("error" in row for row in rows[1:4])
    assert errors == 3


def test_lines_keep_control_characters_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.txt"
    path.write_bytes(b"a\x00b\x1bc\r\n" + b"x" * 1_000_000 + b"\n")
    lines = list(iter_lines(str(path)))
    assert lines[0] == (1, "a\x00b\x1bc")
    assert len(lines[1][1]) == 1_000_000
