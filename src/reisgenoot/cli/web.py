"""Web commands: ``reisgenoot serve``.

The app is built here (``create_app`` with the command's settings, ``--host`` and ``--port``
applied) and wrapped in the project access log; uvicorn's own access log is off and its
other lines go through the redacting log configuration (:func:`reisgenoot.log.server_log_config`),
so no path, query string or client address with personal data reaches a log. uvicorn's
proxy-headers mode is off: which proxies are trusted is the app's decision
(``REISGENOOT_TRUSTED_PROXIES``, see :func:`reisgenoot.web.deps.client_address`).
"""

from __future__ import annotations

import os
from typing import Any

import typer

from reisgenoot import municipalities
from reisgenoot.cli.context import base_settings, chosen_key, settings
from reisgenoot.settings import Settings


def served_app(config: Settings | None = None, *, region: bool = False) -> Any:
    """The app of ``config`` (default: the environment's settings) with the access log; with
    ``region`` every municipality of its municipalities file (ADR 29). With several workers
    uvicorn calls this (or :func:`served_region_app`) once in each server process."""
    from reisgenoot.app import create_app
    from reisgenoot.region import create_region_app
    from reisgenoot.web.access_log import AccessLogMiddleware

    if region:
        return AccessLogMiddleware(create_region_app(config or base_settings()))
    return AccessLogMiddleware(create_app(config or settings()))


def served_region_app() -> Any:
    return served_app(region=True)


def run_server(config: Settings, *, region: bool = False, workers: int = 1) -> None:
    """Serve the app of ``config`` on its host and port until interrupted; with ``region``
    every municipality of its municipalities file, each on its own host names (ADR 29); with
    ``workers`` above 1, that many processes share the port (each builds its own app from the
    environment's settings; docs/operations.md)."""
    import uvicorn

    from reisgenoot.log import server_log_config

    target: Any
    if workers > 1:
        os.environ["REISGENOOT_HOST"], os.environ["REISGENOOT_PORT"] = config.host, str(config.port)
        key = chosen_key()
        if key is not None and not region:
            os.environ["REISGENOOT_GEMEENTE"] = key
        target = f"reisgenoot.cli.web:{'served_region_app' if region else 'served_app'}"
    else:
        target = served_app(config, region=region)
    uvicorn.run(
        target,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=config.host,
        port=config.port,
        log_config=server_log_config(config.log_level, config.log_format),
        log_level=config.log_level.lower(),
        access_log=False,
        # The app reads X-Forwarded-For itself, and only from REISGENOOT_TRUSTED_PROXIES
        # (web/deps.py); uvicorn's own proxy-headers mode would trust 127.0.0.1 (or
        # FORWARDED_ALLOW_IPS) behind the app's back.
        proxy_headers=False,
        forwarded_allow_ips="",
        server_header=False,
    )


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Adres om op te luisteren (standaard uit de instellingen)."
    ),
    port: int | None = typer.Option(
        None, "--port", help="Poort om op te luisteren (standaard uit de instellingen)."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Aantal processen op deze poort (voor meer gebruikers; zie de handleiding).",
    ),
) -> None:
    """Start de webapplicatie.

    Werkt deze installatie voor meer gemeenten (REISGENOOT_MUNICIPALITIES_FILE), dan werkt de
    webapplicatie voor al die gemeenten, elk op haar eigen hostnamen; met --gemeente alleen
    voor die ene.
    """
    base = base_settings()
    region = base.municipalities_file is not None and chosen_key() is None
    config = base if region else settings()
    config = config.model_copy(update={"host": host or config.host, "port": port or config.port})
    shown = f"[{config.host}]" if ":" in config.host else config.host
    typer.echo(f"Reisgenoot draait op http://{shown}:{config.port}/ (stoppen: Ctrl+C)", err=True)
    found = municipalities.configured(base) if region else None
    if found is not None:
        for municipality in found.items:
            hosts = ", ".join(f"http://{h}:{config.port}/" for h in municipality.hosts)
            typer.echo(f"  {municipality.name}: {hosts}", err=True)
    run_server(config, region=region, workers=workers)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
