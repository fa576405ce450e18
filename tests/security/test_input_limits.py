"""Hostile files for the CLI: YAML alias bombs, deep JSON, partial batches (exit codes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reisgenoot.bounded import BoundedInputError, load_json, load_yaml
from reisgenoot.cli import app
from reisgenoot.settings import Settings

runner = CliRunner()

ALIAS_BOMB = """---
id: bom
titel: Bom
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
# Bom

Tekst.
"""
CALL = "medewerker: Goedemorgen.\ninwoner: Mijn paspoort is verlopen.\n"


def test_a_yaml_alias_bomb_is_refused_with_a_dutch_error(tmp_path: Path, cli_env: Settings) -> None:
    path = tmp_path / "bom.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    result = runner.invoke(app, ["kb", "import", str(path)])
    assert result.exit_code == 2
    assert "aliassen" in result.stderr and "bom.md" in result.stderr
    assert "niets geïmporteerd" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 5_000 + "]" * 5_000, "x: " + "y" * 1_100_000],
    ids=["deep", "large"],
)
def test_yaml_depth_and_size_are_limited(text: str) -> None:
    with pytest.raises(BoundedInputError) as refused:
        load_yaml(text)
    assert refused.value.dutch().startswith("De invoer is niet bruikbaar: de invoer is te")


def test_yaml_without_aliases_still_loads() -> None:
    assert load_yaml("id: a\ntrefwoorden: [paspoort, id-kaart]\n") == {
        "id": "a",
        "trefwoorden": ["paspoort", "id-kaart"],
    }


@pytest.mark.parametrize("depth", [33, 5_000, 100_000])
def test_json_depth_is_limited(depth: int) -> None:
    with pytest.raises(BoundedInputError) as refused:
        load_json("[" * depth + "]" * depth)
    assert refused.value.reason == "te_diep"
    assert load_json("[" * 32 + "]" * 32) is not None


def test_register_refuses_deeply_nested_json_without_a_traceback(
    tmp_path: Path, cli_env: Settings
) -> None:
    path = tmp_path / "diep.json"
    path.write_text('{"turns": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = runner.invoke(app, ["register", str(path)])
    assert result.exit_code == 2
    assert "te diep genest" in result.stderr and "diep.json" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_deep_line_in_a_batch_is_an_error_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": "Bel mij op 0612345678."}), "[" * 50_000 + "]" * 50_000]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["redact", "--batch", str(source)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2 and "error" not in out[0]
    assert "te diep genest" in out[1]["error"]


def test_register_batch_exits_3_when_a_file_failed_and_0_when_none(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CALL, encoding="utf-8")
    out = tmp_path / "uit.jsonl"
    ok = runner.invoke(app, ["register", "--batch", str(folder), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    (folder / "b.json").write_text('{"turns": ' + "[" * 10_000 + "]" * 10_000 + "}", "utf-8")
    partial = runner.invoke(app, ["register", "--batch", str(folder), "--out", str(out)])
    assert partial.exit_code == 3
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["source"] for line in lines] == ["a.txt", "b.json"]  # nothing lost
    assert "vragen" in lines[0] and "te diep genest" in lines[1]["error"]
    assert "1 van de 2 gesprekken gaven een fout" in partial.stderr


def test_an_unexpected_error_is_a_dutch_line_not_a_traceback(
    tmp_path: Path, cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reisgenoot.assist import transcript

    def broken(_path: object) -> None:
        raise RuntimeError("kapot 123456782")

    monkeypatch.setattr(transcript, "read_transcript", broken)
    path = tmp_path / "a.txt"
    path.write_text(CALL, encoding="utf-8")
    result = runner.invoke(app, ["register", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: er ging onverwacht iets mis (RuntimeError).")
    assert "Traceback" not in result.output and "123456782" not in result.output
