"""A real server process for tests: ``reisgenoot serve`` or uvicorn, on a free port.

Its stdout and stderr go to files, so a test can read everything it wrote.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

CLI = (sys.executable, "-m", "reisgenoot")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh installation in ``home`` (SQLite, no embedder)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REISGENOOT_")}
    env.update(
        REISGENOOT_HOME=str(home),
        REISGENOOT_KB_EMBEDDER="none",
        REISGENOOT_LOG_LEVEL="DEBUG",
        REISGENOOT_AUDIT_KEY="test-audit-key",
        REISGENOOT_SECRET_KEY="test-secret-key",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Server:
    """A server process whose stdout and stderr go to files in ``tmp``."""

    def __init__(self, argv: list[str], env: dict[str, str], tmp: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.out = tmp / "server.stdout"
        self.err = tmp / "server.stderr"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped: {self.err.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/gezond", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")
