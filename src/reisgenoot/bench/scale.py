"""``reisgenoot bench scale``: the web app on PostgreSQL with 1, 2 and 4 processes (issue 21).

For each process count the app is started as ``reisgenoot serve --workers N`` (N processes
sharing one port, as behind a reverse proxy) on one PostgreSQL database: a throwaway cluster
started here (:mod:`reisgenoot.bench.scale_pg`) unless ``REISGENOOT_DATABASE_URL`` names one.
Two loads are driven from this process, one after the other:

- **live assist** (contracts §12): ``sessions`` WebSocket sessions, each one turn every
  ``interval`` seconds; the time from a turn to its suggestions (p50/p95), as
  ``bench assist --sessions`` measures it (:mod:`reisgenoot.bench.assist_live`);
- **the public chat**: ``residents`` residents at once, each with a chat of their own and an
  address of their own (``X-Forwarded-For`` from a trusted proxy), asking a question every
  ``chat_interval`` seconds (reading and typing in between); the time to the answer.

Besides the latencies it reports the CPU seconds the app processes and the database spent per
turn and per question (from ``/proc``) and the load average: on a shared machine the
latencies say as much about the neighbours as about Reisgenoot; the CPU per turn carries over.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reisgenoot.bench.assist_live import _drive, _free_port, _percentile, _wait_for, prepare
from reisgenoot.bench.scale_pg import (
    load_average,
    postmaster_for,
    throwaway_postgres,
    tree_cpu_seconds,
)

PROCESS_COUNTS = (1, 2, 4)
WARM_SESSIONS = 8  # live sessions per process while warming
WARM_RESIDENTS = 16  # chat residents per process while warming
QUESTIONS = (
    "Hoe vraag ik een nieuwe identiteitskaart aan?",
    "Wanneer wordt het grofvuil opgehaald en wat kost dat?",
    "Mijn afvalcontainer is kapot, wat moet ik doen?",
    "Kan ik een betalingsregeling krijgen voor mijn belastingaanslag?",
    "Ik wil een boom in mijn tuin kappen, heb ik een vergunning nodig?",
    "Hoe geef ik de geboorte van mijn kind aan?",
    "Wat moet ik doen als ik iets gevonden heb op straat?",
    "Kan ik kwijtschelding krijgen van de afvalstoffenheffing?",
    "Ik wil een laadpaal voor mijn deur, hoe vraag ik die aan?",
    "Hoe maak ik een afspraak op het stadhuis?",
    "Waar kan ik bezwaar maken tegen een besluit van de gemeente?",
    "Hoeveel hondenbelasting moet ik betalen?",
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class _ChatStats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass
class Server:
    """``reisgenoot serve --workers N`` in a child process, and how much CPU it used."""

    process: subprocess.Popen[bytes]
    base: str

    def cpu(self) -> float:
        return tree_cpu_seconds(self.process.pid)


def _environment(home: Path, url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "REISGENOOT_HOME": str(home),
        "REISGENOOT_DATABASE_URL": url,
        "REISGENOOT_AUDIT_KEY": "bench-audit-key",
        "REISGENOOT_SECRET_KEY": "bench-secret-key",
        "REISGENOOT_PORT": str(port),
        "REISGENOOT_HOST": "127.0.0.1",
        "REISGENOOT_TRUSTED_PROXIES": '["127.0.0.1/32"]',
        "REISGENOOT_LOG_LEVEL": "WARNING",
        "REISGENOOT_JOBS_QUEUE": "postgres",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }


@contextmanager
def serving(home: Path, url: str, workers: int) -> Iterator[Server]:
    port = _free_port()
    command = [sys.executable, "-m", "reisgenoot", "serve", "--workers", str(workers)]
    process = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
        command,
        env=_environment(home, url, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, 120.0)
        yield Server(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


async def _resident(
    base: str, number: int, until: float, offset: float, interval: float, stats: _ChatStats
) -> None:
    import httpx

    address = f"10.{number // 250}.{number % 250}.{1 + number % 200}"
    headers = {"X-Forwarded-For": address}
    # idle connections are dropped before the server's keep-alive (5 s) would drop them
    limits = httpx.Limits(keepalive_expiry=4.0)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=limits
    ) as client:
        try:
            page = await client.get("/hulp/chat")
        except httpx.HTTPError:
            page = None
        found = _CSRF.search(page.text) if page is not None else None
        if page is None or page.status_code != 200 or found is None:
            stats.errors += 1
            return
        token, asked = found.group(1), number
        await asyncio.sleep(offset)
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                answer = await client.post(
                    "/hulp/chat",
                    data={"vraag": QUESTIONS[asked % len(QUESTIONS)], "csrf_token": token},
                    headers={"HX-Request": "true"},
                )
                ok = answer.status_code == 200 and "chat-fout" not in answer.headers.get(
                    "HX-Retarget", ""
                )
            except httpx.HTTPError:  # a refused or dropped connection counts as an error
                ok = False
            if ok:
                stats.latencies.append((time.monotonic() - started) * 1000)
            else:
                stats.errors += 1
            asked += 1
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))


async def _chat(base: str, residents: int, interval: float, duration: float) -> _ChatStats:
    stats = _ChatStats()
    until = time.monotonic() + duration
    spread = [interval * i / max(1, residents) for i in range(residents)]
    await asyncio.gather(
        *(_resident(base, i, until, spread[i], interval, stats) for i in range(residents))
    )
    return stats


def _warm(server: Server, token: str, ids: Sequence[str], workers: int) -> None:
    """Load every process's models first. New connections land on whichever process accepts
    first, and a few at a time all went to one: the other process then loaded its models
    and built its chat retriever inside the measurement (the doubled CPU per question with 2
    processes, issue 21). Many sessions and residents at once keep one process busy long
    enough for the others to accept too."""
    for _round in range(2):
        asyncio.run(_drive(server.base, token, list(ids[: WARM_SESSIONS * workers]), 0.5, 4.0))
        asyncio.run(_chat(server.base, WARM_RESIDENTS * workers, 0.5, 6.0))


def _measure(
    server: Server, postgres_pid: int | None, load: Callable[[], Any]
) -> tuple[Any, float, float, float]:
    """Run ``load``; returns its result and the CPU seconds of app, database and this process."""
    app0 = server.cpu()
    db0 = tree_cpu_seconds(postgres_pid) if postgres_pid else 0.0
    own0 = time.process_time()
    result = load()
    app1 = server.cpu()
    db1 = tree_cpu_seconds(postgres_pid) if postgres_pid else 0.0
    return result, app1 - app0, db1 - db0, time.process_time() - own0


def _one(
    home: Path,
    url: str,
    postgres_pid: int | None,
    workers: int,
    plan: dict[str, Any],
    token: str,
    ids: list[str],
) -> dict[str, Any]:
    sessions, residents = plan["sessions"], plan["residents"]
    with serving(home, url, workers) as server:
        _warm(server, token, ids[sessions:], workers)
        before = load_average()
        live, app_s, db_s, own_s = _measure(
            server,
            postgres_pid,
            lambda: asyncio.run(
                _drive(server.base, token, ids[:sessions], plan["interval"], plan["duration"])
            ),
        )
        turns = max(1, len(live.latencies))
        chat, chat_app_s, chat_db_s, chat_own_s = _measure(
            server,
            postgres_pid,
            lambda: asyncio.run(
                _chat(server.base, residents, plan["chat_interval"], plan["duration"])
            ),
        )
        questions = max(1, len(chat.latencies))
        return {
            "processen": workers,
            "load_voor": round(before[0], 2),
            "load_na": round(load_average()[0], 2),
            "live": {
                "sessies": sessions,
                "beurten": len(live.latencies),
                "fouten": live.errors,
                "p50_ms": _percentile(live.latencies, 0.50),
                "p95_ms": _percentile(live.latencies, 0.95),
                "server_werk_p50_ms": _percentile(live.work_ms, 0.50),
                "app_cpu_ms_per_beurt": round(app_s * 1000 / turns, 2),
                "db_cpu_ms_per_beurt": round(db_s * 1000 / turns, 2),
                "meter_cpu_ms_per_beurt": round(own_s * 1000 / turns, 2),
            },
            "chat": {
                "inwoners": residents,
                "vragen": len(chat.latencies),
                "fouten": chat.errors,
                "p50_ms": _percentile(chat.latencies, 0.50),
                "p95_ms": _percentile(chat.latencies, 0.95),
                "app_cpu_ms_per_vraag": round(chat_app_s * 1000 / questions, 2),
                "db_cpu_ms_per_vraag": round(chat_db_s * 1000 / questions, 2),
                "meter_cpu_ms_per_vraag": round(chat_own_s * 1000 / questions, 2),
            },
        }


def run_scale_bench(
    processes: Sequence[int] = PROCESS_COUNTS,
    *,
    sessions: int = 200,
    interval: float = 3.0,
    residents: int = 100,
    chat_interval: float = 10.0,
    duration: float = 30.0,
    database_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Both loads for every process count; ``database_url`` (else a throwaway cluster)."""
    say = progress or (lambda _text: None)
    plan = {
        "sessions": max(1, min(sessions, 1000)),
        "interval": max(0.05, interval),
        "residents": max(1, min(residents, 1000)),
        "chat_interval": max(0.1, chat_interval),
        "duration": max(1.0, min(duration, 600.0)),
    }
    home = Path(tempfile.mkdtemp(prefix="reisgenoot-bench-scale-"))
    rows: list[dict[str, Any]] = []
    try:
        with _database(database_url) as (url, postgres_pid):
            from reisgenoot.settings import Settings

            settings = Settings(
                home=home, database_url=url, audit_key="bench-audit-key",
                secret_key="bench-secret-key",  # noqa: S106 — a throwaway bench installation
            )  # fmt: skip
            say("voorbereiden (kennisbank, gesprekken)")
            spare = WARM_SESSIONS * max(processes)
            # a user of its own per run: a database named with --database-url may be reused
            # (its kennisbank and section index are then updated, not built again)
            user = f"bench-{secrets.token_hex(4)}"
            token, ids = prepare(home, int(plan["sessions"]) + spare, settings, user)
            say("zoekindex van de kennisbank maken (eenmalig)")
            _index(settings)
            for workers in processes:
                say(f"{workers} proces(sen): {plan['sessions']} live sessies, "
                    f"{plan['residents']} inwoners, {plan['duration']:.0f} s elk")  # fmt: skip
                rows.append(_one(home, url, postgres_pid, workers, plan, token, ids))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {
        "plan": plan,
        "cpus": os.cpu_count(),
        "doel": {"live_p95_ms": 100.0, "chat_p95_ms": 300.0},
        "metingen": rows,
    }


def _index(settings: Any) -> None:
    """The chat's section index, built once here (else each process starts building it)."""
    from reisgenoot.knowledge.app_embedder import create_embedder
    from reisgenoot.knowledge.index import build_index
    from reisgenoot.store.engine import open_database

    embedder = create_embedder(settings)
    if embedder is None:
        return
    database = open_database(settings)
    try:
        with database.session() as session:
            build_index(session, embedder)
    finally:
        database.dispose()


@contextmanager
def _database(url: str | None) -> Iterator[tuple[str, int | None]]:
    if url:
        if not url.startswith("postgresql"):
            raise ValueError("bench scale needs PostgreSQL")
        yield url, postmaster_for(url)
        return
    with throwaway_postgres() as (fresh, pid):
        yield fresh, pid


def report_lines(report: dict[str, Any]) -> list[str]:
    """The measurements side by side, one row per process count."""
    plan = report["plan"]
    lines = [
        f"Live: {plan['sessions']} sessies, 1 beurt per {plan['interval']} s; chat: "
        f"{plan['residents']} inwoners, 1 vraag per {plan['chat_interval']} s; "
        f"{plan['duration']:.0f} s per meting; {report['cpus']} CPU's. Doel: live p95 ≤ "
        f"{report['doel']['live_p95_ms']:.0f} ms, chat p95 ≤ {report['doel']['chat_p95_ms']:.0f} ms.",
        "processen | live p50 | live p95 | app CPU/beurt | db CPU/beurt | chat p50 | chat p95 "
        "| app CPU/vraag | fouten | load",
    ]
    for row in report["metingen"]:
        live, chat = row["live"], row["chat"]
        lines.append(
            f"{row['processen']:>9} | {live['p50_ms']:>6} ms | {live['p95_ms']:>6} ms | "
            f"{live['app_cpu_ms_per_beurt']:>8} ms | {live['db_cpu_ms_per_beurt']:>7} ms | "
            f"{chat['p50_ms']:>6} ms | {chat['p95_ms']:>6} ms | "
            f"{chat['app_cpu_ms_per_vraag']:>8} ms | {live['fouten'] + chat['fouten']:>6} | "
            f"{row['load_voor']}→{row['load_na']}"
        )
    return lines
