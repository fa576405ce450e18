"""``reisgenoot bench scale``: the app on PostgreSQL with 1, 2 and 4 processes (issue 21)."""

from __future__ import annotations

import json

import typer

from reisgenoot.errors import InputError


def _progress(text: str) -> None:
    typer.echo(f"… {text}", err=True)


def scale(
    processes: str = typer.Option("1,2,4", "--processen", help="Aantallen processen, met komma's."),
    sessions: int = typer.Option(200, "--sessions", min=1, max=1000, help="Live sessies."),
    interval: float = typer.Option(3.0, "--interval", help="Seconden tussen twee beurten."),
    residents: int = typer.Option(100, "--residents", min=1, max=1000, help="Inwoners in de chat."),
    chat_interval: float = typer.Option(
        10.0, "--chat-interval", help="Seconden tussen twee vragen van één inwoner."
    ),
    duration: float = typer.Option(30.0, "--seconds", help="Meettijd per belasting."),
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        envvar="REISGENOOT_DATABASE_URL",
        help="PostgreSQL-database (leeg: een wegwerpserver die de meting zelf start).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Live assist en de publieke chat op PostgreSQL met 1, 2 en 4 processen naast elkaar."""
    from reisgenoot.bench.scale import report_lines, run_scale_bench

    try:
        counts = [int(part) for part in processes.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or any(not 1 <= n <= 16 for n in counts):
        raise InputError("bad counts", detail="--processen: getallen van 1 tot 16, bijv. 1,2,4")
    if database_url and not database_url.startswith("postgresql"):
        raise InputError("not postgres", detail="--database-url moet een PostgreSQL-URL zijn")
    report = run_scale_bench(
        counts,
        sessions=sessions,
        interval=interval,
        residents=residents,
        chat_interval=chat_interval,
        duration=duration,
        database_url=database_url,
        progress=_progress,
    )
    typer.echo(
        json.dumps(report, ensure_ascii=False) if as_json else "\n".join(report_lines(report))
    )
