"""The weekly report outside the browser: ``reisgenoot signals --format html|pdf --out FILE``,
and the report builder (weeks, crisis link)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.signals import report as rpt
from reisgenoot.web import pdf as web_pdf
from tests.pdftext import pdf_text
from tests.signals.conftest import SURGE_TOPIC, TeamHistory

runner = CliRunner()


def test_weeks_and_crisis_link() -> None:
    assert rpt.parse_week("2026-W46") == date(2026, 11, 9)
    assert rpt.week_code(date(2026, 11, 9)) == "2026-W46"
    assert rpt.weeks_between(date(2026, 11, 11), date(2026, 11, 27)) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    for bad in ("2026-46", "2026-W54", "week"):
        with pytest.raises(InputError):
            rpt.parse_week(bad)
    url = rpt.crisis_url("afval & grofvuil/ophalen")
    parts = urlsplit(url)
    assert parts.path == "/redactie/crisis/nieuw"
    assert parse_qs(parts.query) == {"onderwerp": ["afval & grofvuil/ophalen"], "bron": ["signaal"]}


def test_cli_html_and_pdf(
    cli_env: Settings,
    team_history: TeamHistory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html_file = tmp_path / "week.html"
    result = runner.invoke(
        app,
        ["signals", "--team", "KCC Noord", "--format", "html", "--out", str(html_file)],
    )
    assert result.exit_code == 0, result.output
    html = html_file.read_text("utf-8")
    assert html.startswith("<!doctype html>") or "<!doctype html>" in html[:200]
    assert "Weekrapport signalen: KCC Noord" in html and SURGE_TOPIC in html
    assert "<script" not in html and "<svg" in html
    for name in team_history.employees:
        assert name not in html

    monkeypatch.setattr(web_pdf, "REGULAR", web_pdf.FONT_DIR / "missing.ttf")
    pdf_file = tmp_path / "weken.pdf"
    result = runner.invoke(
        app,
        ["signals", "--since", "2026-11-09", "--format", "pdf", "--out", str(pdf_file)],
    )
    assert result.exit_code == 0, result.output
    body = pdf_file.read_bytes()
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    assert SURGE_TOPIC in text and "week 46" in text


def test_cli_report_input_errors(
    cli_env: Settings, team_history: TeamHistory, tmp_path: Path
) -> None:
    out = str(tmp_path / "x")
    for args in (
        ["signals", "--format", "docx", "--out", out],
        ["signals", "--format", "pdf"],
        ["signals", "--since", "2026-01-01", "--format", "pdf", "--out", out],
        [
            "signals",
            "--since",
            "2026-11-20",
            "--until",
            "2026-11-01",
            "--format",
            "html",
            "--out",
            out,
        ],
        ["signals", "--team", "Bestaat niet", "--format", "html", "--out", out],
    ):
        assert runner.invoke(app, args).exit_code == 2, args


def test_json_output_is_unchanged(cli_env: Settings, team_history: TeamHistory) -> None:
    result = runner.invoke(app, ["signals", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["signals", "suppressed", "period", "team", "team_merged"]
