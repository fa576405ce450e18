"""Load generator for live assist (contracts §12): N WebSocket sessions on loopback.

:func:`run_live_bench` starts the web app in a separate process on ``127.0.0.1`` (a throwaway
home with the demo kennisbank, one medewerker and one concept conversation per session) unless
``url`` points at a running server. Each of the ``sessions`` WebSocket clients sends one turn
every ``interval`` seconds (start times spread over the first interval) and measures the time from
sending a turn to receiving its suggestions. It stops by itself after ``duration`` seconds (hard
limits: 1000 sessions, 600 seconds) and reports p50/p95/max turn-to-suggestion latency, the
server's own compute time per turn, throughput and errors.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import shutil
import socket
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_SESSIONS = 1000
MAX_DURATION = 600.0
PASSWORD = "bench-wachtwoord-2024"  # noqa: S105 — a throwaway bench account
LINES: tuple[tuple[str, str], ...] = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemorgen, waarmee kan ik u helpen?"),
    ("inwoner", "Ik heb een oude bank en een matras. Kan de gemeente die ophalen als grofvuil?"),
    (
        "medewerker",
        "Ja, u kunt een afspraak maken in Mijn Voorbeeldstad. Twee keer per jaar is gratis.",
    ),
    ("inwoner", "En ik ga volgende maand verhuizen. Hoe geef ik mijn nieuwe adres door?"),
    (
        "medewerker",
        "Dat doet u in Mijn Voorbeeldstad met DigiD, vanaf vier weken voor de verhuisdatum.",
    ),
    ("inwoner", "Mijn kliko is ook nog kapot, het wiel is eraf. Dit is al de derde keer!"),
    ("medewerker", "Dat spijt me. Ik zet een reparatie voor u door, de afdeling belt u terug."),
    ("inwoner", "Fijn, dank u wel. Nog een fijne dag."),
)


@dataclass
class _Stats:
    latencies: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    work_ms: list[float] = field(default_factory=list)
    errors: int = 0
    connected: int = 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _settings(home: Path) -> Any:
    from reisgenoot.settings import Settings

    return Settings(
        home=home,
        audit_key="bench-audit-key",
        secret_key="bench-secret-key",  # noqa: S106 — a throwaway bench installation
    )


def _serve(home: str, port: int) -> None:  # runs in the server process
    import uvicorn

    from reisgenoot.app import create_app

    app = create_app(_settings(Path(home)))
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio", http="h11"
    )


def prepare(
    home: Path, sessions: int, settings: Any = None, username: str = "bench"
) -> tuple[str, list[str]]:
    """A throwaway installation: demo kennisbank, a medewerker, ``sessions`` conversations
    (in ``settings``' database, default SQLite in ``home``).

    Returns the session cookie value and the conversation ids.
    """
    from reisgenoot.accounts.models import Role
    from reisgenoot.accounts.service import NewUser, create_user, start_session
    from reisgenoot.contacts.models import Klantcontact
    from reisgenoot.demo.seed import load_kennisbank
    from reisgenoot.knowledge.ingest import store_articles
    from reisgenoot.store.engine import open_database

    settings = settings or _settings(home)
    database = open_database(settings)
    try:
        with database.session() as session:
            user = create_user(
                session,
                NewUser(username, "Bench medewerker", PASSWORD, (Role.MEDEWERKER,)),
                audit_key=settings.audit_secret(),
                actor="bench",
            )
            store_articles(
                session, load_kennisbank(), audit_key=settings.audit_secret(), actor="bench"
            )
            token, _row = start_session(session, user)
            contacts = [
                Klantcontact(
                    kanaal="Telefoon",
                    onderwerp="(nog geen onderwerp)",
                    status="concept",
                    meta={"bron": "live", "medewerker": user.id},
                )
                for _ in range(sessions)
            ]
            session.add_all(contacts)
            session.flush()
            return token, [c.uuid for c in contacts]
    finally:
        database.dispose()


@dataclass
class _Plan:
    base: str
    token: str
    interval: float
    duration: float
    sessions: int
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    until: float = 0.0
    start: float = 0.0


async def _turns(socket_: Any, plan: _Plan, offset: float, stats: _Stats) -> None:
    await asyncio.sleep(max(0.0, plan.start + offset - time.monotonic()))
    number = 0
    while time.monotonic() < plan.until:
        started = time.monotonic()
        speaker, text = LINES[number % len(LINES)]
        await socket_.send(json.dumps({"id": number, "speaker": speaker, "text": text}))
        answer = json.loads(await socket_.recv())
        stats.latencies.append((time.monotonic() - started) * 1000)
        if answer.get("type") != "suggesties":
            stats.errors += 1
        else:
            stats.server_ms.append(float(answer.get("ms", 0.0)))
            stats.work_ms.append(float(answer.get("work_ms", 0.0)))
        number += 1
        await asyncio.sleep(max(0.0, plan.interval - (time.monotonic() - started)))


def _go_when_all_connected(plan: _Plan, stats: _Stats) -> None:
    """Start the clock once every session is connected (or has failed to connect)."""
    if not plan.ready.is_set() and stats.connected + stats.errors >= plan.sessions:
        plan.start = time.monotonic()
        plan.until = plan.start + plan.duration
        plan.ready.set()


async def _one_session(plan: _Plan, uuid: str, offset: float, stats: _Stats) -> None:
    """Connect (all sessions first), then send one turn every interval until the end."""
    from websockets.asyncio.client import connect

    url = plan.base.replace("http://", "ws://") + f"/assist/{uuid}/ws"
    headers = {"Cookie": f"reisgenoot_session={plan.token}", "Origin": plan.base}
    try:
        async with connect(url, additional_headers=headers, open_timeout=60) as socket_:
            stats.connected += 1
            _go_when_all_connected(plan, stats)
            await asyncio.wait_for(plan.ready.wait(), timeout=90)
            await _turns(socket_, plan, offset, stats)
    except Exception:  # a refused or closed socket counts as an error
        stats.errors += 1
        _go_when_all_connected(plan, stats)


async def _drive(
    base: str, token: str, ids: Sequence[str], interval: float, duration: float
) -> _Stats:
    stats = _Stats()
    plan = _Plan(base, token, interval, duration, len(ids))
    spread = [interval * i / max(1, len(ids)) for i in range(len(ids))]
    tasks = [
        _one_session(plan, uuid, offset, stats) for uuid, offset in zip(ids, spread, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + interval + 180)
    return stats


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def _report(stats: _Stats, sessions: int, interval: float, duration: float) -> dict[str, Any]:
    return {
        "sessions": sessions,
        "connected": stats.connected,
        "interval_s": interval,
        "duration_s": duration,
        "turns": len(stats.latencies),
        "turns_per_s": round(len(stats.latencies) / duration, 1),
        "errors": stats.errors,
        "p50_ms": _percentile(stats.latencies, 0.50),
        "p95_ms": _percentile(stats.latencies, 0.95),
        "max_ms": round(max(stats.latencies), 2) if stats.latencies else float("nan"),
        "server_p50_ms": _percentile(stats.server_ms, 0.50),
        "server_p95_ms": _percentile(stats.server_ms, 0.95),
        "work_p50_ms": _percentile(stats.work_ms, 0.50),
        "work_p95_ms": _percentile(stats.work_ms, 0.95),
        "mean_ms": round(statistics.fmean(stats.latencies), 2) if stats.latencies else None,
        "target_p95_ms": 100.0,
    }


def _wait_for(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the assist server did not start")


def _warm(base: str, token: str, uuid: str) -> None:
    """One turn before measuring (loads the topic model and the language core)."""
    stats = asyncio.run(_drive(base, token, [uuid], 0.1, 0.05))
    if stats.errors or not stats.latencies:
        raise RuntimeError("warm-up failed")


def run_live_bench(
    sessions: int = 200,
    interval: float = 3.0,
    duration: float = 30.0,
    *,
    url: str | None = None,
    token: str | None = None,
    conversation_ids: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Drive ``sessions`` live sessions for ``duration`` seconds; report latencies (ms).

    Without ``url`` a server is started in a child process on a free loopback port with its own
    throwaway database (removed afterwards). With ``url``, pass ``token`` (a medewerker's
    session cookie) and ``conversation_ids`` (one concept conversation of that user per session).
    """
    sessions = max(1, min(int(sessions), MAX_SESSIONS))
    duration = max(1.0, min(float(duration), MAX_DURATION))
    interval = max(0.05, float(interval))
    say = progress or (lambda _text: None)
    if url is not None:
        if token is None or conversation_ids is None:
            raise ValueError("url needs token and conversation_ids")
        stats = asyncio.run(
            _drive(url, token, list(conversation_ids)[:sessions], interval, duration)
        )
        return _report(stats, sessions, interval, duration)
    home = Path(tempfile.mkdtemp(prefix="reisgenoot-bench-live-"))
    process: multiprocessing.process.BaseProcess | None = None
    try:
        say("voorbereiden")
        cookie, ids = prepare(home, sessions + 1)
        port = _free_port()
        process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(str(home), port), daemon=True
        )
        process.start()
        _wait_for(port)
        base = f"http://127.0.0.1:{port}"
        _warm(base, cookie, ids[-1])
        say(f"{sessions} sessies, {duration:.0f} s")
        stats = asyncio.run(_drive(base, cookie, ids[:sessions], interval, duration))
        return _report(stats, sessions, interval, duration)
    finally:
        if process is not None:
            process.terminate()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover - manual runs
    import sys

    sys.stdout.write(json.dumps(run_live_bench(), indent=2) + "\n")
