"""The model path through the commands: ``ask``, ``register`` and ``train``, against the
hostile fake server, with the audit trail; and without a model, ``"model": null``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.cli import kb as kb_cli
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent, verify
from reisgenoot.store.engine import Database
from tests.llm.fake_server import FakeServer

runner = CliRunner()
DEMO = Path(str(resources.files("reisgenoot.demo") / "kennisbank"))
QUESTION = "Hoe lang duurt het aanvragen van een paspoort?"
TRANSCRIPT = """\
medewerker: Goedemorgen, gemeente Voorbeeldstad, u spreekt met Sanne.
inwoner: Goedemorgen, met Henk Mulder. Mijn paspoort is verlopen. Hoe kom ik aan een nieuw paspoort?
medewerker: Dan maakt u een afspraak bij Burgerzaken. Neem een pasfoto en uw oude paspoort mee. Na vijf werkdagen kunt u het nieuwe paspoort ophalen.
inwoner: Helder, dank u wel.
"""


@pytest.fixture
def with_model(
    cli_env: Settings,
    fake_server: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    embedder: CachedEmbedder,
) -> Iterator[Settings]:
    from reisgenoot.cli import context

    monkeypatch.setenv("REISGENOOT_LLM_BASE_URL", fake_server.url)
    monkeypatch.setenv("REISGENOOT_LLM_MODEL", "vijandig-1")
    monkeypatch.setenv("REISGENOOT_LLM_TIMEOUT_SECONDS", "1")
    kb_cli.set_embedder(embedder)
    context.reset()
    yield cli_env
    kb_cli.set_embedder(None)
    context.reset()


def _events(settings: Settings) -> list[AuditEvent]:
    database = Database(settings)
    try:
        with database.session() as session:
            rows = list(
                session.scalars(select(AuditEvent).where(AuditEvent.action == "model_gebruikt"))
            )
            session.expunge_all()
            assert verify(session, settings.audit_secret()).intact
            return rows
    finally:
        database.dispose()


def _ask() -> dict[str, Any]:
    assert runner.invoke(app, ["kb", "import", str(DEMO)]).exit_code == 0
    result = runner.invoke(app, ["ask", QUESTION, "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_ask_shows_a_grounded_model_answer_and_audits_it_without_text(
    with_model: Settings, fake_server: FakeServer
) -> None:
    fake_server.say("Uw paspoort is na 5 werkdagen klaar [1]. Haal het binnen 3 maanden op [1].")
    answer = _ask()
    assert answer["model"] == "vijandig-1"
    assert answer["answer"] == (
        "Uw paspoort is na 5 werkdagen klaar [1]. Haal het binnen 3 maanden op [1]."
    )
    assert [s["id"] for s in answer["sources"]] == ["vbs-paspoort"]
    events = _events(with_model)
    assert len(events) == 1
    details = events[0].details
    assert details["model"] == "vijandig-1" and details["resultaat"] == "getoond"
    assert len(details["prompt_sha256"]) == 64
    assert "paspoort" not in json.dumps(details).lower()  # a hash of the prompt, never text


def test_ask_falls_back_visibly_when_the_model_invents_an_amount(
    with_model: Settings, fake_server: FakeServer
) -> None:
    fake_server.say("Uw paspoort is na 5 werkdagen klaar. Spoed kost € 45 extra [1].")
    answer = _ask()
    assert answer["model"] is None and "€ 45" not in str(answer["answer"])
    assert "zonder model" in str(answer["model_note"])
    assert _events(with_model)[0].details["resultaat"] == "ongegrond"


def test_register_uses_a_grounded_summary_and_refuses_an_invented_one(
    with_model: Settings, fake_server: FakeServer, tmp_path: Path
) -> None:
    path = tmp_path / "gesprek.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    fake_server.say(
        "Inwoner vraagt hoe hij aan een nieuw paspoort komt. Afspraak bij Burgerzaken maken, "
        "pasfoto en oude paspoort meenemen. Na vijf werkdagen kan hij het paspoort ophalen."
    )
    draft = json.loads(runner.invoke(app, ["register", str(path), "--json"]).stdout)
    assert draft["model"] == "vijandig-1" and "vijf werkdagen" in draft["inhoud"]
    assert "taalmodel" in draft["explanations"]["inhoud"]["why"]
    assert "Henk" not in fake_server.script.texts()
    fake_server.say("Henk Mulder betaalt 84 euro en krijgt het paspoort morgen.")
    draft = json.loads(runner.invoke(app, ["register", str(path), "--json"]).stdout)
    assert draft["model"] is None and "84" not in draft["inhoud"] and draft["modelNote"]


def test_without_a_model_every_output_says_model_null(
    cli_env: Settings, tmp_path: Path, embedder: CachedEmbedder
) -> None:
    kb_cli.set_embedder(embedder)
    try:
        answer = _ask()
    finally:
        kb_cli.set_embedder(None)
    assert answer["model"] is None and "model_note" not in answer
    path = tmp_path / "gesprek.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    draft = json.loads(runner.invoke(app, ["register", str(path), "--json"]).stdout)
    assert draft["model"] is None and "modelNote" not in draft
    assert _events(cli_env) == []


def test_train_voices_the_resident_and_marks_a_refused_line(
    with_model: Settings, fake_server: FakeServer, tmp_path: Path
) -> None:
    script = tmp_path / "zinnen.txt"
    script.write_text("Goedemiddag meneer De Boer, wat wilt u laten ophalen?\n", encoding="utf-8")
    command = ["train", "grofvuil-ophalen", "--seed", "1", "--script", str(script), "--json"]
    fake_server.say("Een oude driezitsbank van 2 meter en een matras.")
    voiced = runner.invoke(app, command)
    assert voiced.exit_code == 0, voiced.output
    assert json.loads(voiced.stdout)["model"] == "vijandig-1"
    assert "Henk de Boer: Een oude driezitsbank van 2 meter en een matras." in voiced.stderr
    fake_server.say("Ik heb al € 500 betaald en het is goedgekeurd.")
    refused = runner.invoke(app, command)
    assert json.loads(refused.stdout)["model"] is None
    assert "500" not in refused.stderr and "Let op: De tekst van het taalmodel" in refused.stderr
    assert [e.details["resultaat"] for e in _events(with_model)] == ["getoond", "ongegrond"]
