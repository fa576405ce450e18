"""``reisgenoot backup`` and ``reisgenoot restore``: the whole database in one file.

See :mod:`reisgenoot.store.backup`; the beheerder's guide is docs/handleiding/backup.md.
stdout carries only the result (``--json``: JSON); progress goes to stderr (contracts §1).
"""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from reisgenoot.cli.context import settings
from reisgenoot.cli.io import dumps
from reisgenoot.store import backup as store_backup
from reisgenoot.store.audit_verdict import verdict
from reisgenoot.store.engine import open_database

KEYS_HINT = (
    "Bewaar ook de sleutels op een veilige plek, apart van de back-up: {home}/audit.key en "
    "{home}/secret.key (of REISGENOOT_AUDIT_KEY en REISGENOOT_SECRET_KEY). Zonder de auditsleutel "
    "is de back-up niet terug te zetten."
)


def backup_command(
    file: Path = typer.Argument(..., help="Het bestand voor de back-up (wordt vervangen)."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Maak een back-up van de database, ook terwijl Reisgenoot draait."""
    config = settings()
    open_database(config).dispose()  # a fresh home is created and migrated first
    typer.echo("Bezig met de back-up …", err=True)
    manifest = store_backup.backup(config, file)
    if as_json:
        typer.echo(dumps({"file": str(file), **manifest.as_dict()}))
    else:
        typer.echo(
            f"Back-up gemaakt in {file} ({store_backup.KIND_NAMES[manifest.kind]}, "
            f"{manifest.audit_seq} gebeurtenissen in het auditlogboek)."
        )
    typer.echo(KEYS_HINT.format(home=config.home), err=True)


def restore_command(
    file: Path = typer.Argument(..., help="De back-up die teruggezet wordt."),
    force: bool = typer.Option(
        False, "--force", help="Overschrijf ook een database waar al gegevens in staan."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Zet een back-up terug. Een database met gegevens wordt alleen met --force vervangen."""
    config = settings()
    open_database(config).dispose()
    typer.echo("Bezig met terugzetten …", err=True)
    restored = store_backup.restore(config, file, force=force, actor=f"cli:{getpass.getuser()}")
    result = restored.verification
    message = verdict(result, config.audit_anchor_path)
    if as_json:
        typer.echo(
            dumps(
                {
                    "file": str(file),
                    "backup": restored.manifest.as_dict(),
                    "audit_intact": result.intact,
                    "message": message,
                }
            )
        )
    else:
        typer.echo(f"De back-up uit {file} is teruggezet (gemaakt {restored.manifest.created_at}).")
        typer.echo(message)
    if not result.intact:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
