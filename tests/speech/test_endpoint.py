"""The OpenAI-compatible speech client against a real HTTP server on loopback: a good, a slow,
a failing and a nonsense endpoint. A failure never stops live assist: typed turns go on."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.speech.backends import backend_from_settings
from reisgenoot.speech.openai_compatible import OpenAICompatibleSpeech
from reisgenoot.speech.protocol import RATE, SpeechBackend, SpeechError
from reisgenoot.store.engine import Database
from tests.speech.test_live_speech import ORIGIN, frames, start_conversation
from tests.web.fixtures import Account, login

TONE = (0.3 * np.sin(np.arange(RATE) * 2 * np.pi * 220 / RATE)).astype(np.float32)


class FakeSpeechServer:
    """``mode``: ``ok`` (verbose_json), ``text`` (text only), ``slow``, ``fail``, ``nonsense``,
    ``queue`` (the next text of :attr:`queue` per request)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.queue: list[str] = []
        self.seen: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
                form = BytesParser(policy=HTTP).parsebytes(head + body)
                parts = {
                    p.get_param("name", header="content-disposition"): p for p in form.iter_parts()
                }
                outer.seen.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "model": parts["model"].get_content(),
                        "language": parts["language"].get_content()
                        if "language" in parts
                        else None,
                        "audio": bytes(parts["file"].get_content())[:4],
                    }
                )
                if outer.mode == "slow":
                    time.sleep(1.5)
                if outer.mode == "fail":
                    self._send(500, b'{"error": "kapot"}')
                elif outer.mode == "nonsense":
                    self._send(200, b"[1, 2")
                elif outer.mode == "queue":
                    text = outer.queue.pop(0) if outer.queue else ""
                    self._send(200, json.dumps({"text": text}).encode())
                elif outer.mode == "text":
                    self._send(200, json.dumps({"text": " Goedemorgen. "}).encode())
                else:
                    answer = {
                        "text": "Goedemorgen. Ik heb een vraag.",
                        "segments": [
                            {"start": 0.0, "end": 0.5, "text": " Goedemorgen."},
                            {"start": 0.5, "end": 1.0, "text": " Ik heb een vraag."},
                        ],
                    }
                    self._send(200, json.dumps(answer).encode())

            def _send(self, status: int, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def fake() -> Iterator[FakeSpeechServer]:
    server = FakeSpeechServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_segments_come_back_and_the_request_carries_model_language_key_and_wav(
    fake: FakeSpeechServer,
) -> None:
    client = OpenAICompatibleSpeech(fake.url, "whisper-large-v3", api_key="geheim", timeout=5)
    assert isinstance(client, SpeechBackend)
    segments = client.transcribe(TONE, language="nl")
    assert [s.text for s in segments] == ["Goedemorgen.", "Ik heb een vraag."]
    seen = fake.seen[0]
    assert seen["path"] == "/v1/audio/transcriptions"
    assert (seen["model"], seen["language"], seen["auth"]) == (
        "whisper-large-v3",
        "nl",
        "Bearer geheim",
    )
    assert seen["audio"] == b"RIFF"
    fake.mode = "text"
    assert [s.text for s in client.transcribe(TONE)] == ["Goedemorgen."]
    client.close()


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("slow", "niet op tijd"),
        ("fail", "foutcode 500"),
        ("nonsense", "onbruikbaar antwoord"),
    ],
)
def test_slow_failing_and_broken_endpoints_give_a_dutch_speech_error(
    fake: FakeSpeechServer, mode: str, expected: str
) -> None:
    fake.mode = mode
    client = OpenAICompatibleSpeech(fake.url, "m", timeout=0.5)
    with pytest.raises(SpeechError) as caught:
        client.transcribe(TONE)
    assert expected in caught.value.dutch()
    assert caught.value.dutch().startswith("De spraakherkenning werkt nu niet")


def test_an_unreachable_endpoint_is_a_speech_error() -> None:
    client = OpenAICompatibleSpeech("http://127.0.0.1:9", "m", timeout=1)
    with pytest.raises(SpeechError):
        client.transcribe(TONE)


def test_the_settings_choose_the_backend(settings: Settings, fake: FakeSpeechServer) -> None:
    assert backend_from_settings(settings) is None
    http = backend_from_settings(settings.model_copy(update={"speech_url": fake.url}))
    assert isinstance(http, OpenAICompatibleSpeech)
    with pytest.raises(SpeechError, match="model missing"):
        backend_from_settings(settings.model_copy(update={"speech_model_dir": settings.home}))


def test_live_assist_survives_a_failing_speech_server(
    settings: Settings, db: Database, users: dict[str, Account], fake: FakeSpeechServer
) -> None:
    fake.mode = "fail"
    failing = settings.model_copy(update={"speech_url": fake.url, "speech_timeout_seconds": 2})
    with TestClient(create_app(failing, db), follow_redirects=False) as client:
        login(client, "medewerker")
        uuid = start_conversation(client)
        with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
            socket.send_json({"type": "spraak_start", "kanalen": 1})
            assert socket.receive_json()["actief"] is True
            speech = np.concatenate([np.zeros(RATE // 2), TONE, TONE, np.zeros(RATE)])
            for frame in frames([speech.astype(np.float32)]):
                socket.send_bytes(frame)
            answer = socket.receive_json()
            assert (
                answer["type"] == "fout" and "spraakherkenning werkt nu niet" in answer["message"]
            )
            socket.send_json({"type": "spraak_stop"})
            while socket.receive_json()["type"] != "spraak_status":
                pass
            socket.send_json({"speaker": "inwoner", "text": "Mijn paspoort is verlopen."})
            assert socket.receive_json()["type"] == "suggesties"
