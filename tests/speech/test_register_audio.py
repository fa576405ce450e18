"""``reisgenoot register CALL.wav``: a recording is transcribed and drafted like a transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.speech.test_endpoint import FakeSpeechServer

runner = CliRunner()
DUTCH = [
    "Gemeente Voorbeeldstad, goedemorgen, u spreekt met Anna.",
    "Goedemorgen. Mijn paspoort is verlopen en ik wil een nieuw paspoort aanvragen.",
    "Dat kan. U maakt online een afspraak. Neem uw oude paspoort en een pasfoto mee.",
    "Dank u wel, dan maak ik een afspraak.",
]


def test_a_stereo_recording_is_transcribed_in_process_and_drafted(
    cli_env: Settings,
    recordings: dict[str, Path],
    model_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REISGENOOT_SPEECH_MODEL_DIR", str(model_dir))
    out = tmp_path / "beurten.txt"
    result = runner.invoke(
        app, ["register", str(recordings["stereo"]), "--json", "--transcript", str(out)]
    )
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["kanaal"] == "Telefoon" and draft["vragen"]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "medewerker",
        "inwoner",
        "medewerker",
        "inwoner",
    ]
    assert "passport" in lines[1].lower()
    assert "spraak: 4/4" in result.stderr


def test_a_recording_through_a_speech_server_drafts_the_dutch_registration_and_audits(
    cli_env: Settings,
    recordings: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = FakeSpeechServer()
    server.mode = "queue"
    server.queue = list(DUTCH)
    server.thread.start()
    try:
        monkeypatch.setenv("REISGENOOT_SPEECH_URL", server.url)
        result = runner.invoke(app, ["register", str(recordings["mono"]), "--json", "--save"])
    finally:
        server.server.shutdown()
        server.server.server_close()
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["vragen"][0]["upl"] == "paspoort"
    database = Database(cli_env)
    with database.session() as session:
        contact = session.scalars(select(Klantcontact)).one()
        assert [t.speaker for t in contact.turns] == [
            "medewerker",
            "inwoner",
            "medewerker",
            "inwoner",
        ]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "spraak_getranscribeerd")
        ).one()
        assert event.object_id == contact.uuid
        assert event.details["backend"] == "openai-compatibel:whisper-1"
        assert event.details["kanalen"] == 1 and event.details["beurten"] == 4
        assert "paspoort" not in json.dumps(event.details)
    database.dispose()


def test_audio_without_a_speech_backend_is_a_dutch_error_with_exit_2(
    cli_env: Settings, recordings: dict[str, Path]
) -> None:
    result = runner.invoke(app, ["register", str(recordings["mono"])])
    assert result.exit_code == 2
    assert "geen spraakherkenning ingesteld" in result.stderr


def test_a_broken_recording_names_the_file_with_exit_2(
    cli_env: Settings, tmp_path: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_SPEECH_MODEL_DIR", str(model_dir))
    path = tmp_path / "kapot.wav"
    path.write_bytes(b"RIFF....WAVEfmt nonsense")
    result = runner.invoke(app, ["register", str(path)])
    assert result.exit_code == 2
    assert "kapot.wav" in result.stderr and "geen WAV" in result.stderr
    result = runner.invoke(app, ["register", str(path), "--medewerker-kanaal", "midden"])
    assert result.exit_code == 2 and "links of rechts" in result.stderr
