"""``reisgenoot learn``: retrain the learned models from confirmed work, roll back, show status.

stdout carries only the result (``--json``: JSON); progress goes to stderr (contracts §1).
"""

from __future__ import annotations

from typing import Any

import typer
from filelock import FileLock, Timeout

from reisgenoot.app import learners
from reisgenoot.cli.context import database, settings
from reisgenoot.cli.io import dumps, open_binary
from reisgenoot.errors import LearningError
from reisgenoot.learning import examples, importing, registry
from reisgenoot.learning.training import train_all
from reisgenoot.privacy import retention

learn_app = typer.Typer(
    help="Leren van bevestigd werk: modellen opnieuw trainen, terugdraaien, status.",
    no_args_is_help=True,
)


def _names() -> list[str]:
    return [learner.name for learner in learners()]


def _check(model: str | None) -> None:
    if model is not None and model not in _names():
        raise LearningError(
            "unknown learner", code="onbekend_model", learner=model, learners=", ".join(_names())
        )


@learn_app.command("train")
def train_command(
    model: str | None = typer.Option(None, "--model", help="Alleen dit model (zie status)."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Train de modellen opnieuw op bevestigd werk; een versie wordt actief als die op de
    blind-dev-set niet slechter is, of beter op het nieuwste eigen werk en niet te veel slechter
    op de blind-dev-set."""
    _check(model)
    config = settings()
    typer.echo("Bezig met trainen …", err=True)
    try:
        with FileLock(str(config.ensure_home() / "learn.lock")).acquire(timeout=0):
            outcomes = train_all(
                database(),
                config.home,
                learners(),
                config.learn_dev_dir,
                retention_days=retention.examples_days(database()),
                only=model,
            )
    except Timeout as exc:
        raise LearningError(
            "busy", code="leren_fout", detail="er wordt al getraind; probeer het later opnieuw"
        ) from exc
    if as_json:
        typer.echo(dumps([o.as_dict() for o in outcomes]))
        return
    for outcome in outcomes:
        version = f"versie {outcome.version}" if outcome.version else "geen nieuwe versie"
        typer.echo(
            f"{outcome.learner}: {version}, {outcome.examples} voorbeelden — {outcome.reason}"
        )


@learn_app.command("rollback")
def rollback_command(
    model: str = typer.Argument(..., help="Het model, bijvoorbeeld assist.topics."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Ga terug naar de vorige versie van een model (of naar het meegeleverde model)."""
    _check(model)
    config = settings()
    with database().session() as session:
        previous = registry.rollback(session, model)
        registry.refresh(session, config.home)
        number = previous.number if previous else None
    if as_json:
        typer.echo(dumps({"model": model, "actieve_versie": number}))
        return
    where = f"versie {number}" if number else "het meegeleverde model"
    typer.echo(f"{model} gebruikt nu {where}.")


@learn_app.command("import")
def import_command(
    file: str = typer.Argument(..., help="JSON Lines: één gesprek met registratie per regel."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Importeer bevestigde gesprekken (nieuwe installatie of overstap van een ander systeem).
    Elke regel wordt gecontroleerd en geanonimiseerd; bij een fout wordt niets opgeslagen."""
    from reisgenoot.assist import upl_model  # the products a registration may name

    products = set(upl_model.load_model().classes)
    typer.echo(f"Bezig met importeren van {file} …", err=True)

    def progress(count: int) -> None:
        typer.echo(f"… {count} gesprekken gecontroleerd", err=True)

    with open_binary(file) as handle, database().session() as session:
        count = importing.import_examples(
            session, importing.read_lines(handle), products=products, progress=progress
        )
    if as_json:
        typer.echo(dumps({"geimporteerd": count}))
        return
    typer.echo(
        f"{count} bevestigde gesprekken geïmporteerd. Train daarna met: reisgenoot learn train"
    )


def status(session: Any) -> dict[str, Any]:
    """Versions and example counts, as ``learn status --json`` prints them."""
    rows = registry.versions(session)
    models = []
    for learner in learners():
        own = [r for r in rows if r.learner == learner.name]
        active = next((r for r in own if r.active), None)
        models.append(
            {
                "model": learner.name,
                "omschrijving": learner.description,
                "actieve_versie": active.number if active else None,
                "geleerd_van": active.examples if active else 0,
                "versies": [
                    {
                        "versie": r.number,
                        "status": r.status,
                        "actief": r.active,
                        "voorbeelden": r.examples,
                        "gemaakt": r.created_at.isoformat(),
                        "blind_dev_voor": r.before.get("main"),
                        "blind_dev_na": r.after.get("main"),
                        "toelichting": r.note,
                    }
                    for r in own
                ],
            }
        )
    return {"voorbeelden": examples.counts(session), "modellen": models}


@learn_app.command("status")
def status_command(
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Toon de versies van elk geleerd model en hoeveel voorbeelden er zijn."""
    with database().session() as session:
        result = status(session)
    if as_json:
        typer.echo(dumps(result))
        return
    counts = ", ".join(f"{kind}: {n}" for kind, n in result["voorbeelden"].items())
    typer.echo(f"Voorbeelden — {counts}")
    for item in result["modellen"]:
        active = item["actieve_versie"]
        where = f"versie {active} (geleerd van {item['geleerd_van']})" if active else "meegeleverd"
        typer.echo(f"{item['model']}: {where}, {len(item['versies'])} versies")


def register(app: typer.Typer) -> None:
    app.add_typer(learn_app, name="learn")
