"""Transparency: Algoritmeregister records valid by the standard, model cards that cite the
blind-test figures of docs/evaluation.md, B1 texts, the CLI and the public page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reisgenoot.app import create_app
from reisgenoot.cli import app as cli
from reisgenoot.language.readability import check_b1
from reisgenoot.oversight.transparency import (
    ai_functions,
    problems,
    register_records,
    standard_fields,
)
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

EVALUATION = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"
CONTACT = "algoritmes@voorbeeldstad.nl"
runner = CliRunner()


def _records() -> list[dict[str, Any]]:
    return register_records("Gemeente Voorbeeldstad", CONTACT)


def test_every_record_is_valid_by_the_publication_standard() -> None:
    records = _records()
    assert [r["source_id"] for r in records] == [f.id for f in ai_functions()]
    for record in records:
        assert problems(record) == [], record["source_id"]
        required = {n for n, d in standard_fields().items() if d.get("required") is True}
        assert required <= {k for k, v in record.items() if v}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"name": None}, "Het verplichte veld Naam (name) ontbreekt."),
        ({"description_short": "x" * 401}, "is 401 tekens; het maximum is 400"),
        ({"status": "Actief"}, "Status (status) moet een van deze waarden zijn"),
        ({"category": ["Ruimtevaart"]}, "'Ruimtevaart' is geen toegestane waarde"),
        ({"lang": "eng"}, "Taal (lang) moet een van deze waarden zijn: nld."),
        ({"goal": 12}, "Doel en impact (goal) moet tekst zijn."),
        ({"onbekend_veld": "x"}, "Het veld onbekend_veld bestaat niet"),
    ],
)
def test_the_check_refuses_what_the_standard_refuses(change: dict[str, Any], expected: str) -> None:
    record = {**_records()[0], **change}
    found = problems(record)
    assert any(expected in problem for problem in found), found


def _blind_test_value(section: str, row: str) -> float:
    text = EVALUATION.read_text(encoding="utf-8")
    heading = re.search(rf"^### {re.escape(section)}.*$", text, re.M)
    assert heading, f"docs/evaluation.md has no section '{section}'"
    body = text[heading.end() :].split("\n### ", 1)[0]
    column = None
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "blind test" in cells and column is None:
            column = cells.index("blind test")
        elif column is not None and cells and cells[0] == row:
            number = re.search(r"\d+\.\d+", cells[column])  # "**0.843** (0.780)": the first
            assert number, f"no figure in '{cells[column]}'"
            return float(number.group())
    raise AssertionError(f"docs/evaluation.md '{section}' has no row '{row}'")


def test_model_card_figures_are_the_blind_test_figures_of_the_docs() -> None:
    checked = 0
    for function in ai_functions():
        for figure in function.card.figures:
            assert figure.value == _blind_test_value(figure.section, figure.row), (
                f"{function.id}: '{figure.row}' differs from docs/evaluation.md; update "
                "src/reisgenoot/oversight/data/functions.yaml"
            )
            assert "{n}" in figure.b1
            checked += 1
    assert checked >= 11


def test_the_texts_for_residents_are_plain_language() -> None:
    for function in ai_functions():
        for field in ("description_short", "human_intervention"):
            report = check_b1(function.register[field])
            assert report.b1, (function.id, field, report.reasons)
        assert check_b1(function.card.limits).b1, (function.id, function.card.limits)


@pytest.mark.usefixtures("cli_env")
def test_cli_export_needs_a_contact_and_prints_valid_json() -> None:
    refused = runner.invoke(cli, ["transparency", "algoritmeregister", "--json"])
    assert refused.exit_code == 2
    assert "REISGENOOT_CONTACT_EMAIL" in refused.output
    result = runner.invoke(
        cli, ["transparency", "algoritmeregister", "--json", "--contact", CONTACT]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == len(ai_functions())
    assert all(problems(r) == [] and r["contact_email"] == CONTACT for r in records)
    cards = json.loads(runner.invoke(cli, ["transparency", "modelkaarten", "--json"]).stdout)
    assert {c["id"] for c in cards} == {f.id for f in ai_functions()}
    assert all({"model", "data", "people", "limits", "figures"} <= set(c) for c in cards)


def test_public_page_explains_each_function_without_login(settings: Settings, db: Database) -> None:
    with TestClient(create_app(settings, db), follow_redirects=False) as client:
        page = client.get("/hulp/over-ai")
        assert page.status_code == 200
        for function in ai_functions():
            assert function.name in page.text
        assert "Bij 84 van de 100 vragen stond het goede artikel bovenaan." in page.text
        assert client.get("/hulp/over-ai/algoritmeregister.json").status_code == 404
    configured = settings.model_copy(update={"contact_email": CONTACT})
    with TestClient(create_app(configured, db), follow_redirects=False) as client:
        export = client.get("/hulp/over-ai/algoritmeregister.json")
        assert export.status_code == 200
        assert all(problems(r) == [] for r in export.json())
        assert f'href="mailto:{CONTACT}"' in client.get("/hulp/over-ai").text
