"""A hostile OpenAI-compatible server on loopback: it answers what a test tells it to.

It records every request body it receives (to check what left the process) and can reply
with a given text (streamed as server-sent events, or as one JSON object), slowly, drip by
drip, with malformed JSON, or with an HTTP error.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Script:
    reply: str = "Goedemiddag."
    mode: str = "stream"  # stream | json | malformed | error | drip
    delay: float = 0.0
    model: str = "vijandig-1"
    received: list[dict[str, Any]] = field(default_factory=list)

    def texts(self) -> str:
        """Everything the server received, as one string."""
        return json.dumps(self.received, ensure_ascii=False)


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length))
            script.received.append(body)
            time.sleep(script.delay)
            if script.mode == "error":
                self.send_error(500)
                return
            if script.mode in ("json", "malformed"):
                self._json()
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            for piece in self._pieces():
                chunk = {"model": script.model, "choices": [{"delta": {"content": piece}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                if script.mode == "drip":
                    time.sleep(0.3)
            self.wfile.write(b"data: [DONE]\n\n")

        def _pieces(self) -> Iterator[str]:
            words = script.reply.split(" ")
            for index, word in enumerate(words):
                yield word + (" " if index < len(words) - 1 else "")

        def _json(self) -> None:
            if script.mode == "malformed":
                payload = b'{"choices": [{"message": {"content": "Uw aanvraag is'
            else:
                payload = json.dumps(
                    {"model": script.model,
                     "choices": [{"message": {"role": "assistant", "content": script.reply}}]}
                ).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


class FakeServer:
    def __init__(self) -> None:
        self.script = Script()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.script))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def say(self, reply: str, *, mode: str = "stream", delay: float = 0.0) -> Script:
        """Set the next replies; forget what was received."""
        self.script.reply, self.script.mode, self.script.delay = reply, mode, delay
        self.script.received.clear()
        return self.script
