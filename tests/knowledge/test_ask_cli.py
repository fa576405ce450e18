"""`reisgenoot ask` and `kb import`/`kb search` with the hybrid index: the CLI contract."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.knowledge.notices import NoticeForm, default_expiry, publish
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

runner = CliRunner()
DEMO = Path(str(resources.files("reisgenoot.demo") / "kennisbank"))
KEYS = {"answer", "sources", "confidence", "handoff", "reason", "b1", "model"}
KEYS |= {"notices", "notice_conflict", "links"}


def _import() -> dict[str, int]:
    result = runner.invoke(app, ["kb", "import", str(DEMO)])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_import_builds_the_index_once(cli_env: Settings) -> None:
    first = _import()
    assert first["created"] >= 44 and first["embedded"] > first["created"]
    assert _import()["embedded"] == 0


def test_ask_json_answers_with_sources(cli_env: Settings) -> None:
    _import()
    result = runner.invoke(app, ["ask", "hoe vraag ik een parkeervergunning aan?", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == KEYS
    assert answer["reason"] == "answered" and answer["handoff"] is False
    assert answer["sources"][0]["id"] == "vbs-parkeervergunning"
    assert set(answer["sources"][0]) == {"id", "title", "passage"}
    assert 0 <= answer["confidence"] <= 1


def test_ask_text_output_and_hand_off(cli_env: Settings) -> None:
    _import()
    result = runner.invoke(app, ["ask", "Ik wil een medewerker spreken"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Doorverwijzen naar een medewerker (asks_for_person)")


def test_ask_batch_contract(cli_env: Settings) -> None:
    _import()
    lines = [
        json.dumps({"query": "grofvuil ophalen"}),
        json.dumps({"question": "waar blijft mijn aanvraag?"}),
        json.dumps({"question": "x" * 2001}),
        json.dumps({"query": ""}),
        "geen json",
        json.dumps({"vraag": "verkeerde sleutel"}),
    ]
    result = runner.invoke(app, ["ask", "--batch", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert set(out[0]) == KEYS and out[0]["sources"][0]["id"] == "vbs-grofvuil"
    assert out[1]["reason"] == "personal_case" and out[1]["answer"] is None
    assert "te lang" in out[2]["error"] and "leeg" in out[3]["error"]
    assert all("error" in line for line in out[4:])


def test_bad_single_questions_exit_2_with_dutch_message(cli_env: Settings) -> None:
    too_long = runner.invoke(app, ["ask", "a" * 2001])
    assert too_long.exit_code == 2 and "te lang" in too_long.output
    empty = runner.invoke(app, ["ask", "  "])
    assert empty.exit_code == 2 and "leeg" in empty.output
    missing = runner.invoke(app, ["ask"])
    assert missing.exit_code == 2


def test_search_is_hybrid_and_batch_keeps_html_as_text(cli_env: Settings, tmp_path: Path) -> None:
    _import()
    notice = tmp_path / "crisis.md"
    notice.write_text(
        "---\nid: vbs-storing-afval\ntitel: Storing afvalinzameling\ntrefwoorden: [afval]\n---\n\n"
        "## Inleiding\nHet afval wordt deze week een dag later opgehaald.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["kb", "import", str(notice)]).exit_code == 0
    result = runner.invoke(
        app, ["kb", "search", "ik woon in het centrum en wil voor de deur parkeren", "--json"]
    )
    assert json.loads(result.stdout)[0]["id"] == "vbs-parkeervergunning"
    batch = runner.invoke(
        app,
        ["kb", "search", "--batch", "-"],
        input=json.dumps({"query": "<b>afval</b> ophalen"}) + "\n",
    )
    line = json.loads(batch.stdout)
    assert line["query"] == "<b>afval</b> ophalen" and line["results"]


def test_ask_shows_the_crisis_notice_and_holds_back_the_passage_it_changes(
    cli_env: Settings,
) -> None:
    _import()
    question = "mijn container is vandaag niet geleegd"
    before = json.loads(runner.invoke(app, ["ask", question, "--json"]).stdout)
    assert before["notices"] == [] and before["notice_conflict"] is False
    assert before["sources"][0]["id"] == "vbs-afvalkalender"
    database = Database(cli_env)
    with database.session() as session:
        form = NoticeForm(
            titel="Afval een dag later opgehaald",
            tekst="Door de storm halen wij het afval een dag later op. U hoeft niets te melden.",
            trefwoorden="afval, container, geleegd",
            verloopt=default_expiry(),
        )
        publish(session, form, audit_key=b"test", actor="redacteur")
    database.dispose()
    answer = json.loads(runner.invoke(app, ["ask", question, "--json"]).stdout)
    assert [n["title"] for n in answer["notices"]] == ["Afval een dag later opgehaald"]
    assert answer["notice_conflict"] is True
    text = runner.invoke(app, ["ask", question]).stdout
    assert text.startswith("Let op, crisisbericht: Afval een dag later opgehaald.")
    assert before["answer"] not in text
    assert "Het gewone artikel: Ophaaldagen van het huisvuil" in text


def test_ask_names_the_article_a_referral_means(cli_env: Settings) -> None:
    _import()
    answer = json.loads(
        runner.invoke(app, ["ask", "Een uittreksel BRP, wat is dat?", "--json"]).stdout
    )
    assert "Zie daarvoor het artikel over aktes" in answer["answer"]
    assert [link["id"] for link in answer["links"]] == ["vbs-akte-burgerlijke-stand"]
    text = runner.invoke(app, ["ask", "Een uittreksel BRP, wat is dat?"]).stdout
    assert "Verwijzing: Zie daarvoor het artikel over aktes → Afschrift of uittreksel" in text
