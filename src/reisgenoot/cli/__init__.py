"""The ``reisgenoot`` command: a Typer root that gathers the commands of each area."""

from __future__ import annotations

from typing import Any

import typer
import typer.core

from reisgenoot.cli import admin, ask, bench, demo, kb, redact, register, signals, tone, train, web
from reisgenoot.cli import contacts as contacts_cli
from reisgenoot.errors import InputError, ReisgenootError


class ReisgenootGroup(typer.core.TyperGroup):
    """Turns project errors into a Dutch message on stderr and the contract's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            typer.echo(f"Fout: {exc.dutch()}", err=True)
            raise typer.Exit(2) from exc
        except ReisgenootError as exc:
            typer.echo(f"Fout: {exc.dutch()}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=ReisgenootGroup,
    name="reisgenoot",
    help="Reisgenoot: AI naast de mensen van de publieke dienstverlening.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (admin, ask, bench, demo, kb, redact, register, signals, tone, train, web):
    module.register(app)
contacts_cli.register(app)


def main() -> None:
    """Entry point. Usage errors exit 2 (Typer), project errors are mapped by the group."""
    app()
