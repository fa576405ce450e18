"""``reisgenoot oversight``: how teams rely on the registration proposals (contracts §10)."""

from __future__ import annotations

import typer

from reisgenoot.cli.context import database
from reisgenoot.cli.io import dumps
from reisgenoot.oversight.reliance import (
    FIELD_LABELS,
    MIN_PEOPLE,
    MIN_REVIEWS,
    TeamMonth,
    reliance,
)


def register(app: typer.Typer) -> None:
    @app.command("oversight")
    def oversight(
        team: str | None = typer.Option(None, "--team", help="Alleen dit team."),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    ) -> None:
        """Hoe teams de registratievoorstellen gebruiken, per maand — nooit per medewerker."""
        with database().session() as session:
            rows = reliance(session, teams=[team] if team else None)
        if as_json:
            typer.echo(dumps([row.as_dict() for row in rows]))
            return
        if not rows:
            typer.echo("Er zijn nog geen bevestigde voorstellen.")
            return
        for row in rows:
            if not row.shown:
                typer.echo(
                    f"{row.month}  {row.team}: te weinig om te tonen "
                    f"(minder dan {MIN_PEOPLE} mensen of {MIN_REVIEWS} controles)"
                )
                continue
            changed = ", ".join(
                f"{FIELD_LABELS.get(name, name)} {rate:.0%}" for name, rate in row.most_changed()
            )
            typer.echo(
                f"{row.month}  {row.team}: {row.reviews} controles, "
                f"{row.unchanged_share:.0%} zonder wijziging, mediaan {row.median_seconds:.0f} s; "
                f"vaakst gewijzigd: {changed or 'niets'}{_extras(row)}"
            )


def _extras(row: TeamMonth) -> str:
    """Sources opened, hand-off advice overridden and "eerst zelf", when there are figures."""
    parts = []
    if row.sources_share is not None:
        parts.append(f"bron geopend {row.sources_share:.0%}")
    if row.advice and row.advice["getoond"]:
        parts.append(f"advies doorverbinden niet gevolgd {row.advice['overschreven']:.0%}")
    first = row.self_first
    if first and first["getoond"]:
        agreed = first["eigen_keuze_gelijk_aan_voorstel"]
        parts.append(
            f"eerst zelf: {first['controles']} controles, eigen product gelijk "
            f"{agreed['upl']:.0%}, eigen resultaat gelijk {agreed['gespreksresultaat']:.0%}"
        )
    return "; " + "; ".join(parts) if parts else ""
