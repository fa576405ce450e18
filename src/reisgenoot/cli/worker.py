"""``reisgenoot worker``: runs the background work of the PostgreSQL job queue (ADR 28).

Start one (or more, on any machine that reaches the database) beside the app processes. It
takes the jobs the app deferred (sending to Open Klant, a work-list step's task status), the
hourly tick (what still waits for Open Klant; the nightly purge and training at
``LEARN_NIGHTLY_HOUR``) and tries a failed job again with backoff. ``--once`` runs what is due
and stops (for a cron line or a test); ``--status`` shows the queue per status and the latest
failed jobs (never their arguments). On SQLite there is no queue: the app does the work itself.
"""

from __future__ import annotations

import json

import typer

from reisgenoot.cli import context
from reisgenoot.errors import JobError


def _queue_or_exit() -> object:
    config = context.settings()
    if not config.uses_job_queue:
        typer.echo(JobError("no queue", code="geen_wachtrij").dutch(), err=True)
        raise typer.Exit(2)
    return config


def worker(
    once: bool = typer.Option(
        False, "--once", help="Alleen de taken die nu klaarstaan uitvoeren, dan stoppen."
    ),
    status: bool = typer.Option(
        False, "--status", help="Toon hoeveel taken per status in de wachtrij staan."
    ),
    as_json: bool = typer.Option(False, "--json", help="Met --status: uitvoer als JSON."),
) -> None:
    """Voer de achtergrondtaken uit de wachtrij in PostgreSQL uit (naast de webapp)."""
    _queue_or_exit()
    from reisgenoot.app import nightly_run
    from reisgenoot.jobs.postgres import PostgresQueue, failed_jobs, queue_counts
    from reisgenoot.ops import tasks

    config, database = context.settings(), context.database()
    if status:
        with database.engine.connect() as connection:
            counts, failed = queue_counts(connection), failed_jobs(connection)
        if as_json:
            shown = [{**job, "wanneer": str(job["wanneer"] or "")} for job in failed]
            typer.echo(json.dumps({"taken": counts, "mislukt": shown}, ensure_ascii=False))
            return
        for name, number in counts.items():
            typer.echo(f"{name}\t{number}")
        for job in failed:
            typer.echo(f"mislukt\t{job['id']}\t{job['taak']}\t{job['pogingen']} pogingen")
        return
    nightly = nightly_run(config, database)
    queue = PostgresQueue(
        config,
        tasks.tasks(config, database),
        hourly=tasks.hourly(config, database, nightly),
    )
    typer.echo("Reisgenoot-worker gestart (stoppen: Ctrl+C)", err=True)
    queue.run_worker(once=once)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
