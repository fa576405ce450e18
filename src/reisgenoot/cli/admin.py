"""Administration commands: database, audit trail, users and the settings reference."""

from __future__ import annotations

import getpass
import json
import sys

import typer
from sqlalchemy import select

from reisgenoot import municipalities
from reisgenoot.accounts.models import Role, User
from reisgenoot.accounts.service import NewUser, create_user, parse_roles
from reisgenoot.cli.context import base_settings, chosen_key, database, settings
from reisgenoot.errors import AccountError, InputError
from reisgenoot.settings_doc import settings_markdown
from reisgenoot.store import audit
from reisgenoot.store.audit_verdict import verdict
from reisgenoot.store.engine import Database, current_revision, head_revision, open_database

db_app = typer.Typer(help="Database: migreren en status.", no_args_is_help=True)
audit_app = typer.Typer(help="Auditlogboek controleren.", no_args_is_help=True)
users_app = typer.Typer(help="Gebruikers beheren.", no_args_is_help=True)

REPORT_HINT = (
    "Meld dit bij de security officer en de functionaris gegevensbescherming, en verander "
    "niets aan de database of het anker (zie docs/handleiding/audit.md)."
)
REANCHOR_HINT = (
    "Is de oorzaak bekend en in orde (bijvoorbeeld een teruggezette back-up), leg dan het "
    "huidige einde vast met 'reisgenoot audit verify --reanchor'."
)
ANCHOR_PROBLEMS = frozenset(
    {"einde_verwijderd", "anker_ontbreekt", "anker_ongeldig", "anker_afwijkend"}
)


def _anchor_problem(result: audit.Verification) -> bool:
    """Only the anchor disagrees (the chain in the database is whole): re-anchoring can help."""
    if result.problem == "einde_verwijderd":
        return result.anchored is not None
    return result.problem in ANCHOR_PROBLEMS


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Breng de database naar de nieuwste versie (bij meer gemeenten: die van elke gemeente,
    of met --gemeente die van één)."""
    found = municipalities.configured(base_settings())
    if found is None or chosen_key() is not None:
        database()
        typer.echo("De database is bijgewerkt.", err=True)
        return
    for municipality in found.items:
        open_database(municipality.settings).dispose()
        typer.echo(f"De database van {municipality.name} is bijgewerkt.", err=True)


@db_app.command("current")
def db_current() -> None:
    """Toon de huidige en de nieuwste databaseversie."""
    with database().engine.connect() as connection:
        typer.echo(json.dumps({"current": current_revision(connection), "head": head_revision()}))


@audit_app.command("verify")
def audit_verify(
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    reanchor: bool = typer.Option(
        False,
        "--reanchor",
        help=(
            "Na onderzoek: leg het huidige einde van de keten vast als nieuw anker (alleen "
            "als de keten zelf klopt). Dit komt ook in het auditlogboek."
        ),
    ),
) -> None:
    """Controleer dat er niets in het auditlogboek is gewijzigd of verwijderd."""
    db = database()
    key = settings().audit_secret()
    with db.session() as session:
        result = audit.verify(session, key)
    anchor = audit.anchor_path(key)
    if reanchor:
        result = _reanchor(db, key, result)
    message = verdict(result, anchor)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "intact": result.intact,
                    "events": result.events,
                    "removed": result.removed,
                    "broken_at": result.broken_at,
                    "problem": result.problem,
                    "missing": result.missing,
                    "anchored": result.anchored,
                    "anchor": str(anchor) if anchor else None,
                    "message": message,
                },
                ensure_ascii=False,
            )
        )
    else:
        typer.echo(message)
        if not result.intact:
            typer.echo(REPORT_HINT, err=True)
            if _anchor_problem(result) and not reanchor:
                typer.echo(REANCHOR_HINT, err=True)
    if not result.intact:
        raise typer.Exit(1)


def _reanchor(db: Database, key: bytes, found: audit.Verification) -> audit.Verification:
    """Anchor the current end when only the anchor disagreed; then verify again."""
    if not found.intact and not _anchor_problem(found):
        typer.echo("Het anker is niet vernieuwd: de keten zelf klopt niet.", err=True)
        return found
    with db.session() as session:
        audit.reanchor(session, key, actor=f"cli:{getpass.getuser()}")
    typer.echo("Het anker is vernieuwd.", err=True)
    with db.session() as session:
        return audit.verify(session, key)


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Inlognaam."),
    role: list[str] = typer.Option(
        ..., "--role", "-r", help=f"Rol (meer keren mogelijk): {', '.join(r.value for r in Role)}."
    ),
    name: str = typer.Option("", "--name", help="Naam zoals die in het scherm staat."),
    team: str | None = typer.Option(
        None, "--team", help="Team; wordt aangemaakt als het nog niet bestaat."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Lees het wachtwoord van standaardinvoer."
    ),
) -> None:
    """Maak een lokaal account aan."""
    try:
        roles = parse_roles(role)
    except AccountError as exc:
        raise InputError(str(exc), detail=exc.dutch()) from exc
    password = (
        sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Wachtwoord: ")
    )
    config = settings()
    with database().session() as session:
        create_user(
            session,
            NewUser(username, name or username, password, tuple(roles), team),
            audit_key=config.audit_secret(),
            actor=f"cli:{getpass.getuser()}",
            min_length=config.password_min_length,
        )
    typer.echo(f"Gebruiker {username} is aangemaakt.", err=True)


@users_app.command("list")
def users_list() -> None:
    """Toon de gebruikers met hun rollen en team (JSON Lines)."""
    with database().session() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            typer.echo(
                json.dumps(
                    {
                        "username": user.username,
                        "name": user.display_name,
                        "roles": sorted(r.value for r in user.roles),
                        "team": user.team.name if user.team else None,
                        "active": user.active,
                    },
                    ensure_ascii=False,
                )
            )


def settings_command(
    markdown: bool = typer.Option(False, "--markdown", help="Toon de naslag als Markdown."),
) -> None:
    """Toon alle instellingen met hun uitleg (geheimen worden niet getoond)."""
    if markdown:
        typer.echo(settings_markdown(), nl=False)
        return
    hidden = {"secret_key", "audit_key", "llm_api_key", "openklant_token"}
    typer.echo(settings().model_dump_json(indent=2, exclude=hidden))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
    app.add_typer(users_app, name="users")
    app.command("settings")(settings_command)
