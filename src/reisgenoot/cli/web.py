"""Web commands: ``reisgenoot serve``.

The app is loaded by uvicorn as a factory (``reisgenoot.app:create_app``), because ``cli``
and ``app`` are independent siblings in the layer rule. The factory reads the same
``REISGENOOT_*`` settings as this command; ``--host`` and ``--port`` are passed on through
the environment so the app (for example the secure-cookie default) sees them too.
"""

from __future__ import annotations

import os

import typer
import uvicorn

from reisgenoot.cli.context import database, settings

APP_FACTORY = "reisgenoot.app:create_app"


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Adres om op te luisteren (standaard uit de instellingen)."
    ),
    port: int | None = typer.Option(
        None, "--port", help="Poort om op te luisteren (standaard uit de instellingen)."
    ),
) -> None:
    """Start de webapplicatie."""
    config = settings()
    host = host or config.host
    port = port or config.port
    os.environ["REISGENOOT_HOST"] = host
    os.environ["REISGENOOT_PORT"] = str(port)
    database()  # create and migrate a fresh home before the server starts
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Reisgenoot draait op http://{shown}:{port}/ (stoppen: Ctrl+C)", err=True)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        log_level=config.log_level.lower(),
        proxy_headers=True,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
