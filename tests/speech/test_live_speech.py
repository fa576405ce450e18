"""Live assist by voice over the real WebSocket: audio frames in, turns and suggestions out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.bench.speech_audio import Spoken
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, csrf_from, login

ORIGIN = {"origin": "http://testserver"}


def frames(channels: list[np.ndarray], size: int = 4000) -> Iterator[bytes]:
    """Browser-shaped frames: channel count, then interleaved 16-bit samples."""
    stacked = np.stack(channels, axis=1)
    for start in range(0, stacked.shape[0], size):
        pcm = (np.clip(stacked[start : start + size], -1, 1) * 32767).astype("<i2")
        yield bytes([len(channels)]) + pcm.tobytes()


@pytest.fixture
def speech_app(settings: Settings, db: Database, model_dir: Path) -> FastAPI:
    return create_app(settings.model_copy(update={"speech_model_dir": model_dir}), db)


@pytest.fixture
def speech_client(speech_app: FastAPI, users: dict[str, Account]) -> Iterator[TestClient]:
    with TestClient(speech_app, follow_redirects=False) as client:
        login(client, "medewerker")
        yield client


def start_conversation(client: TestClient) -> str:
    page = client.get("/assist")
    answer = client.post("/assist", data={"kanaal": "Telefoon", "csrf_token": csrf_from(page.text)})
    return str(answer.headers["location"]).rsplit("/", 1)[1]


def stored(db: Database, uuid: str) -> list[tuple[str, str]]:
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        rows = session.scalars(
            select(Turn).where(Turn.klantcontact_id == contact.id).order_by(Turn.position)
        )
        return [(t.speaker, t.text) for t in rows]


def until_stopped(socket: Any) -> list[dict[str, Any]]:
    messages = []
    while True:
        message = socket.receive_json()
        messages.append(message)
        if message["type"] == "spraak_status" and not message["actief"]:
            return messages


def test_call_audio_becomes_turns_with_suggestions_audit_and_no_stored_audio(
    speech_client: TestClient, spoken: Spoken, db: Database, settings: Settings
) -> None:
    uuid = start_conversation(speech_client)
    page = speech_client.get(f"/assist/{uuid}")
    assert 'id="spraak"' in page.text and "Het geluid wordt niet bewaard" in page.text
    assert "microphone=(self)" in page.headers["permissions-policy"]
    with speech_client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json({"type": "spraak_start", "kanalen": 2, "medewerker": 0})
        assert socket.receive_json() == {"type": "spraak_status", "actief": True}
        for frame in frames(spoken.stereo):
            socket.send_bytes(frame)
        socket.send_json({"type": "spraak_stop"})
        messages = until_stopped(socket)
    turns = [m for m in messages if m["type"] == "suggesties"]
    assert [m["bron"] for m in turns] == ["spraak"] * 4
    assert [m["turns"] for m in turns] == [1, 2, 3, 4]
    assert "Inwoner" in turns[1]["turn_html"] and "passport" in turns[1]["turn_html"].lower()
    assert any(m["type"] == "spraak" and m["kind"] == "partial" for m in messages)
    assert [speaker for speaker, _ in stored(db, uuid)] == [
        "medewerker",
        "inwoner",
        "medewerker",
        "inwoner",
    ]
    with db.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "spraak_getranscribeerd")
        ).all()
        assert len(events) == 1
        assert events[0].object_id == uuid
        assert events[0].details["backend"] == "faster-whisper:model"
        assert "passport" not in str(events[0].details).lower()
    assert not (settings.home / "audio").exists()


def test_a_turn_can_be_corrected_and_the_suggestions_follow(
    speech_client: TestClient, db: Database
) -> None:
    uuid = start_conversation(speech_client)
    with speech_client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json({"speaker": "medewerker", "text": "Mijn grofvuil is niet opgehaald."})
        assert socket.receive_json()["type"] == "suggesties"
        socket.send_json(
            {
                "type": "correctie",
                "id": 3,
                "positie": 0,
                "speaker": "inwoner",
                "text": "Mijn paspoort is verlopen.",
            }
        )
        answer = socket.receive_json()
        assert answer["type"] == "correctie" and answer["positie"] == 0 and answer["id"] == 3
        assert "Inwoner" in answer["turn_html"] and "paspoort" in answer["turn_html"]
        socket.send_json({"type": "correctie", "positie": 9, "speaker": "inwoner", "text": "x"})
        assert socket.receive_json()["type"] == "fout"
        socket.send_json({"type": "correctie", "positie": 0, "speaker": "baas", "text": "x"})
        assert socket.receive_json()["type"] == "fout"
    assert stored(db, uuid) == [("inwoner", "Mijn paspoort is verlopen.")]
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "beurt_gecorrigeerd" in actions


def test_broken_audio_frames_get_a_dutch_error_and_the_socket_stays_open(
    speech_client: TestClient,
) -> None:
    uuid = start_conversation(speech_client)
    with speech_client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        for bad in (b"", b"\x07abc", b"\x02\x00\x01\x02"):
            socket.send_bytes(bad)
            answer = socket.receive_json()
            assert answer["type"] == "fout" and "geluid" in answer["message"]
        socket.send_json({"speaker": "inwoner", "text": "Kan ik een paspoort aanvragen?"})
        assert socket.receive_json()["type"] == "suggesties"


def test_without_a_speech_backend_the_page_has_no_audio_and_frames_are_refused(
    client: TestClient, users: dict[str, Account]
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    page = client.get(f"/assist/{uuid}")
    assert 'id="spraak"' not in page.text and "assist-speech.js" not in page.text
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json({"type": "spraak_start", "kanalen": 1})
        answer = socket.receive_json()
        assert answer["actief"] is False and "niet ingesteld" in answer["message"]
        socket.send_bytes(b"\x01" + b"\x00\x00" * 4000)
        assert "niet ingesteld" in socket.receive_json()["message"]


def test_audio_is_kept_only_when_the_setting_says_so(
    settings: Settings, db: Database, users: dict[str, Account], model_dir: Path, spoken: Spoken
) -> None:
    keeping = settings.model_copy(
        update={"speech_model_dir": model_dir, "speech_keep_audio_days": 7}
    )
    with TestClient(create_app(keeping, db), follow_redirects=False) as client:
        login(client, "medewerker")
        uuid = start_conversation(client)
        assert "7 dagen bewaard" in client.get(f"/assist/{uuid}").text
        with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
            socket.send_json({"type": "spraak_start", "kanalen": 2})
            socket.receive_json()
            half = spoken.employee.size // 4
            for frame in frames([spoken.employee[:half], spoken.resident[:half]]):
                socket.send_bytes(frame)
            socket.send_json({"type": "spraak_stop"})
            until_stopped(socket)
    kept = sorted((settings.home / "audio").glob(f"{uuid}-*.wav"))
    assert kept and all(path.stat().st_mode & 0o077 == 0 for path in kept)
