"""Live assist's WebSocket against hostile clients: logout, bad frames, no traceback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from reisgenoot.assist import live_routes
from reisgenoot.store.engine import Database
from reisgenoot.web import frames
from tests.assist.test_live import ORIGIN, start_conversation, stored_turns
from tests.web.fixtures import csrf_from, login

TURN = {"id": 1, "speaker": "inwoner", "text": "Wanneer wordt het grofvuil opgehaald?"}


def _closed_with(socket: Any) -> int:
    """The close code of the next message (the socket must close, not answer)."""
    with pytest.raises(WebSocketDisconnect) as closed:
        socket.receive_json()
    return int(closed.value.code)


def _logout(client: TestClient) -> None:
    token = csrf_from(client.get("/", follow_redirects=True).text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303


def test_a_frame_after_logout_closes_the_socket(
    client: TestClient, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json(TURN)
        assert socket.receive_json()["type"] == "suggesties"
        _logout(client)
        socket.send_json({**TURN, "id": 2, "text": "Dit mag niet meer binnenkomen."})
        assert _closed_with(socket) == frames.CLOSE_POLICY
    assert len(stored_turns(db, uuid)) == 1


def test_logout_closes_a_silent_socket(
    client: TestClient, users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live_routes, "SESSION_CHECK_SECONDS", 0.05)
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        _logout(client)
        assert _closed_with(socket) == frames.CLOSE_POLICY


BAD_FRAMES = [
    ("binary too big", lambda s: s.send_bytes(b"\x00" * (300 * 1024)), frames.CLOSE_TOO_BIG),
    (
        "lone-surrogate",
        lambda s: s.send_text('{"speaker": "inwoner", "text": "\ud800"}'),
        frames.CLOSE_INVALID,
    ),
    (
        "escaped-surrogate",
        lambda s: s.send_text('{"speaker": "inwoner", "text": "\\udc00 x"}'),
        frames.CLOSE_INVALID,
    ),
    ("nested-100k", lambda s: s.send_text("[" * 100_000 + "]" * 100_000), frames.CLOSE_TOO_BIG),
    ("nested-3k", lambda s: s.send_text("[" * 3_000 + "]" * 3_000), frames.CLOSE_INVALID),
    (
        "oversize",
        lambda s: s.send_text(json.dumps({"speaker": "inwoner", "text": "a" * 100_000})),
        frames.CLOSE_TOO_BIG,
    ),
]


@pytest.mark.parametrize(
    ("send", "code"), [(f, c) for _n, f, c in BAD_FRAMES], ids=[n for n, _f, _c in BAD_FRAMES]
)
def test_bad_frames_close_with_their_code_and_store_nothing(
    client: TestClient,
    users: dict[str, Any],
    db: Database,
    send: Any,
    code: int,
    capfd: pytest.CaptureFixture[str],
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        send(socket)
        assert _closed_with(socket) == code
    assert stored_turns(db, uuid) == []
    assert "Traceback" not in capfd.readouterr().err


def test_after_a_bad_frame_a_new_socket_works(
    client: TestClient, users: dict[str, Any], db: Database
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_bytes(b"x")
        _closed_with(socket)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json(TURN)
        assert socket.receive_json()["type"] == "suggesties"
    assert len(stored_turns(db, uuid)) == 1
