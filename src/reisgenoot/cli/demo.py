"""The demo municipality: ``reisgenoot demo [run]`` and ``reisgenoot demo seed``.

``reisgenoot demo`` (or ``demo run``) loads Gemeente Voorbeeldstad when it is not there yet,
prints the address and the demo logins on stderr and serves the web app. ``demo seed`` only
loads it and prints the result as one JSON line on stdout.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from reisgenoot import municipalities
from reisgenoot.cli.context import base_settings, database, settings
from reisgenoot.cli.io import dumps
from reisgenoot.cli.kb import embedder as kb_embedder
from reisgenoot.demo.accounts import COLLEAGUE_PASSWORD, DEMO_LOGINS
from reisgenoot.demo.history import DEFAULT_DAYS, DEFAULT_SEED
from reisgenoot.demo.seed import SeedReport, seed_demo
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, open_database

demo_app = typer.Typer(
    help="Demogemeente Voorbeeldstad (fictief). Zonder opdracht: laden als dat nodig is en de webapp starten.",
    invoke_without_command=True,
)
stderr = Console(stderr=True)
# The demo municipalities of ``reisgenoot demo --gemeenten N`` (key, name); all fictional.
DEMO_MUNICIPALITIES = (
    ("voorbeeldstad", "Gemeente Voorbeeldstad"),
    ("beekdal", "Gemeente Beekdal"),
    ("aadorp", "Gemeente Aadorp"),
)


def _seed_with_bar(
    days: int, seed: int, end: date, db: Database | None = None, config: Settings | None = None
) -> SeedReport:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task: TaskID = bar.add_task("Demo laden", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        return seed_demo(
            db or database(),
            config or settings(),
            days=days,
            seed=seed,
            end=end,
            progress=progress,
            embedder=kb_embedder(),
        )


def logins_text(url: str, name: str = "Gemeente Voorbeeldstad") -> str:
    """The address and demo logins, as printed on start (and usable in the README)."""
    lines = [
        f"Reisgenoot draait op {url}",
        f"Demogemeente: {name} (fictief, alle gegevens zijn verzonnen).",
        "Demo-accounts (gebruikersnaam / wachtwoord / rol / team):",
    ]
    for username, password, roles, team in DEMO_LOGINS:
        lines.append(f"  {username:<11} {password:<16} {', '.join(roles):<11} {team or '-'}")
    lines.append(
        f"  Collega's noord2-5, zuid1-5, belasting1-5: wachtwoord {COLLEAGUE_PASSWORD} (medewerker)."
    )
    return "\n".join(lines)


def default_end(today: date | None = None) -> date:
    """Yesterday: the demo history ends the day before it is seeded, so its surge is recent.

    The history stays reproducible: the same seed and end day give the same contacts (the end
    day is kept in the database, ``demo_history``); tests and benches pin ``DEFAULT_END``.
    """
    return (today or date.today()) - timedelta(days=1)


def _parse_end(value: str | None) -> date:
    if value is None:
        return default_end()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("bad date", detail=f"--end '{value}' is geen datum (JJJJ-MM-DD)") from exc


@demo_app.command("seed")
def demo_seed(
    days: int = typer.Option(
        DEFAULT_DAYS, "--days", min=1, max=3660, help="Aantal dagen contacthistorie."
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Startwaarde van het toeval."),
    end: str | None = typer.Option(
        None, "--end", help="Laatste dag van de historie (standaard gisteren; JJJJ-MM-DD)."
    ),
) -> None:
    """Laad de demo in de database (doet niets als hij er al in staat)."""
    report = _seed_with_bar(days, seed, _parse_end(end))
    typer.echo(dumps(report.as_dict()))


@demo_app.command("run")
def demo_run() -> None:
    """Laad de demo als dat nodig is en start de webapp met de demo."""
    _serve()


@demo_app.callback()
def demo_main(
    ctx: typer.Context,
    gemeenten: int = typer.Option(
        1,
        "--gemeenten",
        min=1,
        max=len(DEMO_MUNICIPALITIES),
        help=(
            "Aantal demogemeenten op deze ene installatie, elk met een eigen database en "
            "een eigen adres (<sleutel>.localhost)."
        ),
    ),
) -> None:
    """Zonder opdracht: hetzelfde als 'demo run'."""
    if ctx.invoked_subcommand is None:
        if gemeenten > 1:
            _serve_region(gemeenten)
        else:
            _serve()


def demo_file(home: Path, count: int) -> Path:
    """A municipalities file with ``count`` demo municipalities, each on ``<key>.localhost``."""
    tables = [
        f'[gemeenten.{key}]\nnaam = "{name}"\nhosts = ["{key}.localhost"]\n'
        for key, name in DEMO_MUNICIPALITIES[:count]
    ]
    home.mkdir(parents=True, exist_ok=True)
    file = home / "demo-gemeenten.toml"
    file.write_text("\n".join(tables), encoding="utf-8")
    return file


def _serve_region(count: int) -> None:
    """Load the demo in ``count`` municipalities (each its own database) and serve them all."""
    import uvicorn

    from reisgenoot.region import create_region_app

    base = base_settings()
    file = demo_file(base.home, count)
    base = base.model_copy(update={"municipalities_file": file})
    found = municipalities.load(file, base)
    for number, municipality in enumerate(found.items):
        db = open_database(municipality.settings)
        try:
            report = _seed_with_bar(
                DEFAULT_DAYS, DEFAULT_SEED + number, default_end(), db, municipality.settings
            )
        finally:
            db.dispose()
        loaded = "de demo is geladen" if report.seeded else "de demo stond er al"
        stderr.print(f"{municipality.name}: {loaded}.", highlight=False)
    for municipality in found.items:
        url = f"http://{municipality.hosts[0]}:{base.port}"
        typer.echo(logins_text(url, municipality.name), err=True)
    uvicorn.run(
        create_region_app(base), host=base.host, port=base.port, log_config=_stderr_logging()
    )


def _serve() -> None:
    import uvicorn

    from reisgenoot.app import create_app

    config = settings()
    report = _seed_with_bar(DEFAULT_DAYS, DEFAULT_SEED, default_end())
    stderr.print(report.message, highlight=False)
    database().dispose()
    typer.echo(logins_text(f"http://{config.host}:{config.port}"), err=True)
    uvicorn.run(
        create_app(config), host=config.host, port=config.port, log_config=_stderr_logging()
    )


def _stderr_logging() -> dict[str, Any]:
    """Uvicorn's logging, with the access log on stderr too: stdout carries only results."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for handler in config.get("handlers", {}).values():
        if "stream" in handler:
            handler["stream"] = "ext://sys.stderr"
    return config


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
