"""``reisgenoot retention``, ``reisgenoot inzage`` and ``reisgenoot wissen``: the AVG in practice.

- ``retention purge [--dry-run] [--json]``: delete what is past its retention period;
- ``retention show [--json]``: the period per kind and where it comes from;
- ``inzage --bsn … | --email … | --telefoon … | --kvk … | --iban …``: everything stored
  about one resident, as JSON (always JSON: it is the export);
- ``wissen`` (same options) ``[--force] [--json]``: erase it (asks first, unless ``--force``).

Identifiers are personal data: they are only hashed, never printed, logged or audited.
stdout carries only the result; progress goes to stderr (contracts §1).
"""

from __future__ import annotations

import getpass
import sys

import typer

from reisgenoot.cli.context import database, settings
from reisgenoot.cli.io import dumps
from reisgenoot.contacts.linking import link_key
from reisgenoot.errors import PrivacyInputError
from reisgenoot.privacy import inzage, purge, resident, retention

retention_app = typer.Typer(
    help="Bewaartermijnen: gegevens wissen die ouder zijn dan hun bewaartermijn.",
    no_args_is_help=True,
)

BSN = typer.Option(None, "--bsn", help="Burgerservicenummer van de inwoner.")
EMAIL = typer.Option(None, "--email", help="E-mailadres van de inwoner.")
TELEFOON = typer.Option(None, "--telefoon", help="Telefoonnummer van de inwoner.")
KVK = typer.Option(None, "--kvk", help="KVK-nummer (ondernemer).")
IBAN = typer.Option(None, "--iban", help="Rekeningnummer (IBAN).")


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@retention_app.command("purge")
def purge_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Niets wissen; alleen tellen wat weg zou gaan."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Wis wat ouder is dan de bewaartermijn: klantcontacten, gespreksbeurten, chats,
    leervoorbeelden en het begin van het auditlogboek."""
    typer.echo("Bezig met tellen …" if dry_run else "Bezig met opschonen …", err=True)
    report = purge.purge(database(), settings(), dry_run=dry_run, actor=_actor())
    if as_json:
        typer.echo(dumps(report.as_dict()))
    else:
        verb = "Zou wissen" if dry_run else "Gewist"
        for result in report.results:
            typer.echo(
                f"{result.kind.label}: {result.count} ({verb.lower()}; bewaartermijn "
                f"{result.days} dagen, ouder dan {result.cutoff:%Y-%m-%d})"
            )
        if report.audio:
            typer.echo(f"Geluidsbestanden: {report.audio}")
    for problem in report.problems:
        typer.echo(f"Let op: {problem}", err=True)
    if report.problems:
        raise typer.Exit(3)


@retention_app.command("show")
def show_command(as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON.")) -> None:
    """Toon de bewaartermijn per soort gegevens en waar die vandaan komt."""
    with database().session() as session:
        terms = retention.terms(session, settings())
    rows = [
        {
            "soort": term.kind.key,
            "dagen": term.days,
            "standaard": term.default,
            "instelling": term.kind.variable,
            "aangepast_door": term.changed_by,
            "aangepast_op": term.changed_at.isoformat() if term.changed_at else None,
        }
        for term in terms
    ]
    if as_json:
        typer.echo(dumps(rows))
        return
    for term in terms:
        source = f"aangepast door {term.changed_by}" if term.overridden else term.kind.variable
        typer.echo(f"{term.kind.label}: {term.days} dagen ({source})")


def _people(
    bsn: str | None, email: str | None, telefoon: str | None, kvk: str | None, iban: str | None
) -> list[resident.Identifier]:
    given = [("bsn", bsn), ("email", email), ("telefoon", telefoon), ("kvk", kvk), ("iban", iban)]
    return resident.identifiers(given)


def inzage_command(
    bsn: str | None = BSN,
    email: str | None = EMAIL,
    telefoon: str | None = TELEFOON,
    kvk: str | None = KVK,
    iban: str | None = IBAN,
) -> None:
    """Alles wat over één inwoner is opgeslagen, als JSON (inzage, AVG artikel 15)."""
    people = _people(bsn, email, telefoon, kvk, iban)
    config = settings()
    with database().session() as session:
        document = inzage.export(
            session, config, people, link_key=link_key(config),
            audit_key=config.audit_secret(), actor=_actor(),
        )  # fmt: skip
    typer.echo(dumps(document))


def wissen_command(
    bsn: str | None = BSN,
    email: str | None = EMAIL,
    telefoon: str | None = TELEFOON,
    kvk: str | None = KVK,
    iban: str | None = IBAN,
    force: bool = typer.Option(False, "--force", help="Wis zonder eerst te vragen."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Wis alles wat over één inwoner is opgeslagen (AVG artikel 17). Vraagt eerst, behalve
    met --force."""
    people = _people(bsn, email, telefoon, kvk, iban)
    config = settings()
    if not force:
        if not sys.stdin.isatty():
            raise PrivacyInputError("not confirmed", code="wissen_niet_bevestigd")
        with database().session() as session:
            count = len(resident.find_contacts(session, link_key(config), people))
        if not typer.confirm(
            f"{count} klantcontacten van deze inwoner en alles wat erbij hoort wissen? "
            "Dit kan niet ongedaan worden gemaakt.",
            err=True,
        ):
            raise typer.Exit(1)
    with database().session() as session:
        erased = resident.erase(
            session, people, link_key=link_key(config), audit_key=config.audit_secret(),
            audio_folder=config.home / "audio", actor=_actor(),
        )  # fmt: skip
    if as_json:
        typer.echo(dumps(erased.as_dict()))
        return
    typer.echo(
        f"Gewist: {erased.contacts} klantcontacten, {erased.chats} chats, "
        f"{erased.examples} leervoorbeelden, {erased.audio} geluidsbestanden."
    )
    for url in erased.open_klant:
        typer.echo(f"Ook wissen in Open Klant: {url}")


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
    app.command("inzage")(inzage_command)
    app.command("wissen")(wissen_command)
