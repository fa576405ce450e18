"""The ``reisgenoot`` command: a Typer root that gathers the commands of each area.

Each area keeps its commands in its own module here (``admin``, ``kb``, ``train`` …) with a
``register(app)`` function. The root imports such a module only when one of its commands runs
or shows its own help: an area pulls in SQLAlchemy, numpy, the kennisbank or the training
scenarios, and ``reisgenoot --help`` should not wait for all of that. The root's help lists the
commands from :data:`COMMANDS` (name → module and one-line summary); a test checks that this
table names every command and that each summary is the command's own.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from typing import Any, NamedTuple

import typer
import typer.core
import typer.main
from typer.exceptions import TyperException

from reisgenoot.errors import InputError, ReisgenootError


class Entry(NamedTuple):
    module: str  # in reisgenoot.cli; its register(app) adds the command
    summary: str  # first paragraph of the command's help, shown by ``reisgenoot --help``


COMMANDS: dict[str, Entry] = {
    "settings": Entry(
        "admin", "Toon alle instellingen met hun uitleg (geheimen worden niet getoond)."
    ),
    "ask": Entry(
        "ask", "Beantwoord een vraag uit de kennisbank, of verwijs door naar een medewerker."
    ),
    "redact": Entry(
        "redact", "Haal persoonsgegevens uit een tekst: BSN, IBAN, telefoon, e-mail, adres, naam, …"
    ),
    "register": Entry(
        "register",
        "Stel een registratie voor van een gesprek (concept; een medewerker bevestigt).",
    ),
    "tone": Entry(
        "tone", "Toon van wat een inwoner schrijft of zegt: boos, bezorgd, neutraal of positief."
    ),
    "b1": Entry(
        "tone", "Controleer of een tekst in eenvoudig Nederlands (taalniveau B1) is geschreven."
    ),
    "train": Entry("train", "Oefen een gesprek met een gesimuleerde inwoner en krijg feedback."),
    "check-ai": Entry(
        "train", "Controleer een AI-antwoord: welke zinnen kloppen niet met het kennisartikel?"
    ),
    "serve": Entry("web", "Start de webapplicatie."),
    "worker": Entry(
        "worker", "Voer de achtergrondtaken uit de wachtrij in PostgreSQL uit (naast de webapp)."
    ),
    "db": Entry("admin", "Database: migreren en status."),
    "audit": Entry("admin", "Auditlogboek controleren."),
    "users": Entry("admin", "Gebruikers beheren."),
    "bench": Entry("bench", "Metingen (niet in CI): snelheid, geheugen en kwaliteit."),
    "demo": Entry(
        "demo",
        "Demogemeente Voorbeeldstad (fictief). Zonder opdracht: laden als dat nodig is en de "
        "webapp starten.",
    ),
    "kb": Entry("kb", "Kennisbank: importeren en zoeken."),
    "signals": Entry(
        "signals", "Signalen over vragen, onderwerpen en toon — per team, nooit per medewerker."
    ),
    "contacts": Entry("contacts", "Klantcontacten exporteren en naar Open Klant versturen."),
    "oversight": Entry(
        "oversight",
        "Hoe teams de registratievoorstellen gebruiken, per maand — nooit per medewerker.",
    ),
    "transparency": Entry(
        "transparency", "Transparantie: het Algoritmeregister en de modelkaarten."
    ),
    "backup": Entry("backup", "Maak een back-up van de database, ook terwijl Reisgenoot draait."),
    "restore": Entry(
        "backup",
        "Zet een back-up terug. Een database met gegevens wordt alleen met --force vervangen.",
    ),
    "retention": Entry(
        "privacy", "Bewaartermijnen: gegevens wissen die ouder zijn dan hun bewaartermijn."
    ),
    "inzage": Entry(
        "privacy", "Alles wat over één inwoner is opgeslagen, als JSON (inzage, AVG artikel 15)."
    ),
    "wissen": Entry(
        "privacy",
        "Wis alles wat over één inwoner is opgeslagen (AVG artikel 17). Vraagt eerst, behalve "
        "met --force.",
    ),
    "sso": Entry("sso", "Inloggen via de organisatie (OpenID Connect)."),
    "learn": Entry(
        "learn", "Leren van bevestigd werk: modellen opnieuw trainen, terugdraaien, status."
    ),
}


# The municipality of ``--gemeente`` for this run (read by reisgenoot.cli.context, ADR 29).
CHOSEN: dict[str, str | None] = {"gemeente": None}


@functools.cache
def area(module: str) -> typer.Typer:
    """The commands of one area module, registered on a Typer of their own (imported once)."""
    commands = typer.Typer()
    importlib.import_module(f"reisgenoot.cli.{module}").register(commands)
    return commands


def load_command(name: str) -> Any:
    """The real (Click) command ``name``: imports its area module."""
    return typer.main.get_group(area(COMMANDS[name].module)).commands[name]


class Summary(typer.core.TyperCommand):
    """Stands in for a command not yet imported, while the root lists the commands."""


class ReisgenootGroup(typer.core.TyperGroup):
    """The root group: loads commands on first use and maps project errors to exit codes.

    Project errors become a Dutch message on stderr and the contract's exit code (2 for
    unusable input, 1 otherwise).
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.listing = False
        for name, entry in COMMANDS.items():
            self.commands.setdefault(name, Summary(name, help=entry.summary))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if isinstance(command, Summary) and not self.listing:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            typer.echo(f"Fout: {exc.dutch()}", err=True)
            raise typer.Exit(2) from exc
        except ReisgenootError as exc:
            typer.echo(f"Fout: {exc.dutch()}", err=True)
            raise typer.Exit(1) from exc
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except BrokenPipeError as exc:
            # The reader stopped early (`reisgenoot redact … | head`): that is no error of ours,
            # so no message. Further writes, also Python's flush at exit, go to /dev/null.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from exc
        except Exception as exc:  # no traceback for the user; the redacting log keeps it
            from reisgenoot.log import get_logger  # imported only here: --help stays fast

            get_logger("reisgenoot.cli").debug("Onverwachte fout", exc_info=exc)
            typer.echo(
                f"Fout: er ging onverwacht iets mis ({type(exc).__name__}). Probeer het opnieuw "
                "of meld het bij de beheerder (met REISGENOOT_LOG_LEVEL=DEBUG staat de oorzaak "
                "in het logboek).",
                err=True,
            )
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=ReisgenootGroup,
    name="reisgenoot",
    help="Reisgenoot: AI naast de mensen van de publieke dienstverlening.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    gemeente: str | None = typer.Option(
        None,
        "--gemeente",
        metavar="SLEUTEL",
        help=(
            "De gemeente waarvoor de opdracht werkt, als deze installatie voor meer gemeenten "
            "werkt (REISGENOOT_MUNICIPALITIES_FILE). Ook: REISGENOOT_GEMEENTE."
        ),
    ),
) -> None:
    # Having a callback also makes Typer build the root as a group even though its commands
    # are only added (lazily) by ReisgenootGroup.
    CHOSEN["gemeente"] = gemeente


def main() -> None:
    """Entry point. Usage errors exit 2 (Typer), project errors are mapped by the group."""
    app()
