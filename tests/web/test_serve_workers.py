"""``reisgenoot serve --workers 2``: two real server processes on one port and one database.

Every request goes over a new connection, so the kernel hands the turns of one live
conversation to either process; each turn must still follow the one before.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from reisgenoot.settings import Settings
from tests.web.fixtures import PASSWORD, csrf_from
from tests.web.server_process import CLI, Server, free_port, server_env


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


def test_two_processes_serve_the_turns_of_one_conversation(
    settings: Settings, tmp_path: Path
) -> None:
    extra = {"REISGENOOT_DATABASE_URL": settings.database_url} if settings.database_url else {}
    env = server_env(settings.home, REISGENOOT_JOBS_QUEUE="in-process", **extra)
    added = subprocess.run(
        [*CLI, "users", "add", "mdw", "--role", "medewerker", "--password-stdin"],
        env=env, input=PASSWORD + "\n", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    port = free_port()
    argv = [*CLI, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
    server = Server(argv, env, tmp_path, port)
    try:
        assert len(_children(server.process.pid)) >= 2  # the worker processes (and a helper)
        fresh = httpx.Limits(max_keepalive_connections=0)  # a new connection every request
        with httpx.Client(base_url=server.url, limits=fresh, timeout=30) as client:
            page = client.get("/login")
            login = {"username": "mdw", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
            assert client.post("/login", data=login).status_code == 303
            page = client.get("/assist")
            token = csrf_from(page.text)
            started = client.post("/assist", data={"kanaal": "Telefoon", "csrf_token": token})
            uuid = started.headers["location"].rsplit("/", 1)[1]
            lines = ["Ik wil verhuizen.", "Wanneer?", "Volgende maand.", "Dat kan online."] * 2
            for number, text in enumerate(lines, start=1):
                answer = client.post(
                    f"/assist/{uuid}/beurt",
                    data={"speaker": ("inwoner", "medewerker")[number % 2], "text": text},
                    headers={"X-CSRF-Token": token, "Accept": "application/json"},
                )
                assert answer.status_code == 200, answer.text
                assert answer.json()["turns"] == number
            page = client.get(f"/assist/{uuid}")
            assert all(text in page.text for text in lines)
    finally:
        server.stop()
