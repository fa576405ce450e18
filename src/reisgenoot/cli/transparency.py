"""Transparency commands: the Algoritmeregister export and the model cards."""

from __future__ import annotations

from dataclasses import asdict

import typer

from reisgenoot.cli.context import database, settings
from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError
from reisgenoot.oversight.transparency import ai_functions, learned, problems, register_records

transparency_app = typer.Typer(
    help="Transparantie: het Algoritmeregister en de modelkaarten.", no_args_is_help=True
)


@transparency_app.command("algoritmeregister")
def algoritmeregister(
    contact: str | None = typer.Option(
        None,
        "--contact",
        help="E-mailadres of website voor vragen over de algoritmes "
        "(standaard: REISGENOOT_CONTACT_EMAIL).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Uitvoer als JSON (publicatiestandaard 1.0)."
    ),
) -> None:
    """Exporteer elke AI-functie in de velden van de Algoritmeregister-publicatiestandaard."""
    config = settings()
    address = (contact if contact is not None else config.contact_email).strip()
    if not address:
        raise InputError(
            "no contact address",
            detail="geef met --contact of REISGENOOT_CONTACT_EMAIL een e-mailadres of website "
            "op waar inwoners vragen over de algoritmes kunnen stellen",
        )
    records = register_records(config.municipality, address)
    found = [f"{r['source_id']}: {p}" for r in records for p in problems(r)]
    if found:
        for problem in found:
            typer.echo(problem, err=True)
        typer.echo("De export voldoet niet aan de publicatiestandaard.", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(dumps(records))
        return
    for record in records:
        typer.echo(f"{record['name']} ({record['publication_category']})")
        typer.echo(f"  {record['description_short']}\n")


@transparency_app.command("modelkaarten")
def modelkaarten(
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Toon per AI-functie de modelkaart: model, gegevens, menselijke controle en cijfers."""
    functions = ai_functions()
    with database().session() as session:
        here = learned(session)
    if as_json:
        typer.echo(
            dumps(
                [
                    {
                        "id": f.id,
                        "name": f.name,
                        **asdict(f.card),
                        "geleerd": here[f.id].as_dict() if f.id in here else None,
                    }
                    for f in functions
                ]
            )
        )
        return
    for function in functions:
        card = function.card
        typer.echo(f"# {function.name}\n")
        typer.echo(f"Model: {card.model}\nGegevens: {card.data}\nMensen: {card.people}")
        typer.echo(f"Grenzen: {card.limits}")
        if card.figures:
            typer.echo("Gemeten op de blinde testset:")
            for figure in card.figures:
                typer.echo(f"  - {figure.plain}")
        else:
            typer.echo("Nog geen cijfers op een blinde testset.")
        if function.id in here:
            typer.echo(f"Geleerd: {here[function.id].text}")
        typer.echo("")


def register(app: typer.Typer) -> None:
    app.add_typer(transparency_app, name="transparency")
