"""Commands ``contacts export`` and ``contacts send``: confirmed contacts to Open Klant.

- ``reisgenoot contacts export --format openklant [--since YYYY-MM-DD] [--out FILE|-]
  [--include-synthetic]`` writes JSON Lines, one ``maak-klantcontact`` request body per
  confirmed contact, oldest first (stdout by default; a progress bar on stderr for large
  exports).
- ``reisgenoot contacts send [--limit N]`` sends confirmed contacts that are not in Open Klant
  yet (for cron or a systemd timer) and prints a JSON summary. Without
  ``REISGENOOT_OPENKLANT_URL`` nothing is sent.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import typer

from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError

FORMATS = ("openklant",)
PROGRESS_FROM = 100

contacts_app = typer.Typer(
    help="Klantcontacten exporteren en naar Open Klant versturen.", no_args_is_help=True
)


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            "bad date", detail=f"--since '{value}' is geen datum; gebruik JJJJ-MM-DD"
        ) from exc


def _open_out(stack: ExitStack, out: str) -> TextIO:
    if out == "-":
        return sys.stdout
    try:
        return stack.enter_context(Path(out).open("w", encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=out, detail=exc.strerror or str(exc)
        ) from exc


def _write_all(handle: TextIO, bodies: Any, total: int) -> int:
    written = 0
    if total < PROGRESS_FROM:
        for body in bodies:
            handle.write(dumps(body) + "\n")
            written += 1
        return written
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("Exporteren", total=total)
        for body in bodies:
            handle.write(dumps(body) + "\n")
            written += 1
            progress.advance(task)
    return written


@contacts_app.command("export")
def export_command(
    fmt: str = typer.Option(..., "--format", help="Formaat van de uitvoer: openklant."),
    since: str | None = typer.Option(
        None, "--since", help="Alleen contacten vanaf deze datum (JJJJ-MM-DD)."
    ),
    out: str = typer.Option("-", "--out", help="Uitvoerbestand (JSON Lines); - is stdout."),
    include_synthetic: bool = typer.Option(
        False, "--include-synthetic", help="Ook verzonnen (demo)contacten exporteren."
    ),
) -> None:
    """Schrijf bevestigde contacten als maak-klantcontact-verzoeken (JSON Lines)."""
    if fmt not in FORMATS:
        raise InputError(
            "unknown format",
            detail=f"het formaat '{fmt}' bestaat niet; kies uit: {', '.join(FORMATS)}",
        )
    start = _since(since)
    from reisgenoot.cli.context import database
    from reisgenoot.contacts.openklant import count_confirmed, iter_bodies

    with ExitStack() as stack:
        handle = _open_out(stack, out)
        session = stack.enter_context(database().session())
        total = count_confirmed(session, since=start, include_synthetic=include_synthetic)
        bodies = iter_bodies(session, since=start, include_synthetic=include_synthetic)
        written = _write_all(handle, bodies, total)
        handle.flush()
    target = "stdout" if out == "-" else out
    typer.echo(f"{written} contacten geëxporteerd naar {target}", err=True)


@contacts_app.command("send")
def send_command(
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Hoogstens zoveel contacten in deze ronde."
    ),
) -> None:
    """Verstuur bevestigde contacten en contactverzoeken die nog niet in Open Klant staan, en
    houd de status van hun interne taken gelijk met Open Klant (beide kanten op)."""
    import getpass

    from reisgenoot.cli.context import database, settings
    from reisgenoot.cli.io import EXIT_PARTIAL
    from reisgenoot.contacts.breaker import open_message
    from reisgenoot.contacts.sending import send_pending, unsent
    from reisgenoot.contacts.tasksync import pull_statuses, push_statuses

    actor = f"cli:{getpass.getuser()}"
    report = send_pending(database(), settings(), limit=limit, actor=actor)
    pushed = push_statuses(database(), settings(), actor=actor)
    pulled = pull_statuses(database(), settings())
    with database().session() as session:
        _, waiting = unsent(session, settings(), limit=1)
    tasks = pushed.as_dict()
    tasks["taakstatus_opgehaald"] = len(pulled.pulled)
    summary = {**report.as_dict(), "wachtend": waiting, **tasks}
    typer.echo(dumps(summary))
    if not report.configured:
        typer.echo(
            "Geen koppeling met Open Klant ingesteld (REISGENOOT_OPENKLANT_URL is leeg). "
            f"Er is niets verstuurd; {waiting} contacten blijven bewaard als niet verzonden.",
            err=True,
        )
        return
    typer.echo(
        f"{len(report.sent)} verzonden, {len(report.failed)} niet verzonden "
        f"(worden later opnieuw geprobeerd), {waiting} wachten nog.",
        err=True,
    )
    if report.breaker_open_until is not None:
        typer.echo(open_message(report.breaker_open_until, len(report.postponed)), err=True)
    if not report.complete or pushed.failed or pushed.postponed:
        raise typer.Exit(EXIT_PARTIAL)


def register(app: typer.Typer) -> None:
    app.add_typer(contacts_app, name="contacts")
