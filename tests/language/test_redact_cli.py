"""The ``reisgenoot redact`` command: plain, JSON, batch, streaming and bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.cli import redact as redact_cli
from reisgenoot.language.pii import Detector, Entity

runner = CliRunner()


def test_plain_text_from_stdin() -> None:
    result = runner.invoke(
        app, ["redact", "-"], input="Goedemorgen, met Anouk de Vries, BSN 123456782.\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Goedemorgen, met [NAAM], BSN [BSN].\n"


def test_json_from_file_with_offsets(tmp_path: Path) -> None:
    text = "Mevrouw Jansen belt.\nMijn nummer is 06-12345678 en ik woon Dorpsstraat 12a.\n"
    source = tmp_path / "gesprek.txt"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["redact", str(source), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"].startswith("Mevrouw [NAAM] belt.\nMijn nummer is [TELEFOON]")
    assert [e["type"] for e in data["entities"]] == ["naam", "telefoon", "adres"]
    for entity in data["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]


def test_pseudonyms_are_consistent_within_one_input() -> None:
    result = runner.invoke(
        app,
        ["redact", "--style", "pseudonyms"],
        input="Met Piet Jansen.\nIk bel namens Piet Jansen en Kees Bakker.\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Met [NAAM-1].\nIk bel namens [NAAM-1] en [NAAM-2].\n"


def test_batch_one_line_per_input_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "Mijn BSN is 123456782."}\n'
        "geen json\n"
        '{"tekst": "verkeerde sleutel"}\n'
        '{"text": "Met Piet Jansen", "extra": 1}\n'
        '{"text": ""}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["redact", "--batch", str(source), "--style", "pseudonyms"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[0]["text"] == "Mijn BSN is [BSN-1]."
    assert lines[0]["entities"] == [{"start": 12, "end": 21, "type": "bsn", "text": "123456782"}]
    assert "error" in lines[1] and "JSON" in lines[1]["error"]
    assert "error" in lines[2]
    assert lines[3]["text"] == "Met [NAAM-1]"
    assert lines[4] == {"text": "", "entities": []}


def test_empty_input_gives_empty_result() -> None:
    assert runner.invoke(app, ["redact"], input="").stdout == ""
    result = runner.invoke(app, ["redact", "--json"], input="")
    assert json.loads(result.stdout) == {"text": "", "entities": []}


def test_invalid_utf8_exits_2_with_byte_offset(tmp_path: Path) -> None:
    source = tmp_path / "kapot.txt"
    source.write_bytes(b"Mijn naam is Jan.\n\xff\xfe kapot")
    result = runner.invoke(app, ["redact", str(source)])
    assert result.exit_code == 2
    assert "byte 18" in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["redact", str(tmp_path / "bestaat-niet.txt")])
    assert result.exit_code == 2
    assert "kan niet worden gelezen" in result.stderr


def test_bad_style_exits_2() -> None:
    result = runner.invoke(app, ["redact", "--style", "sterretjes"], input="tekst")
    assert result.exit_code == 2


def test_control_characters_and_long_lines() -> None:
    text = "\x00\x07\x1b[0m" + "x" * 200_000 + " BSN 123456782\r\n"
    result = runner.invoke(app, ["redact"], input=text)
    assert result.exit_code == 0
    assert "123456782" not in result.stdout


class _CountingDetector(Detector):
    """Records the longest piece of text it was given."""

    longest = 0

    def detect(self, text: str) -> list[Entity]:
        self.longest = max(self.longest, len(text))
        return super().detect(text)


@pytest.mark.parametrize("as_json", [False, True])
def test_large_file_is_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    """A 256 kB file goes through in 32 segments of 8 kB, offsets counted across them (50 MB
    in segments of the real size is measured by hand: see the docs)."""
    monkeypatch.setattr(redact_cli, "SEGMENT", 1 << 13)
    line = "Klant Anouk de Vries, BSN 123456782, tel 06-12345678, kenteken 12-ABC-3.\n"
    repeats = (1 << 18) // len(line)
    source = tmp_path / "groot.txt"
    source.write_text(line * repeats, encoding="utf-8")
    out = StringIO()
    detector = _CountingDetector()
    redact_cli.redact_stream(str(source), out, as_json=as_json, style="tags", detector=detector)
    assert detector.longest <= 1 << 13
    output = out.getvalue()
    if as_json:
        data = json.loads(output)
        assert len(data["entities"]) == 4 * repeats
        last = data["entities"][-1]
        assert last["start"] == len(line) * (repeats - 1) + line.index("12-ABC-3")
        assert data["text"].count("[KENTEKEN]") == repeats
    else:
        assert output.count("[BSN]") == repeats
        assert "123456782" not in output
