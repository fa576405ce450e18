"""Kennisbank commands: import (and index), search, show.

Search and ``ask`` use the hybrid retriever with the bundled e5 embedder; the section index is
built after import (progress on stderr) and topped up before a search when articles changed
without it (e.g. edited on the web pages).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.cli.context import database, settings
from reisgenoot.cli.io import dumps, run_batch, text_field
from reisgenoot.errors import InputError
from reisgenoot.knowledge.embeddings import E5Embedder, Embedder
from reisgenoot.knowledge.formats import formats
from reisgenoot.knowledge.index import IndexStats, build_index, missing_passages
from reisgenoot.knowledge.ingest import discover, read_all, store_articles
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.retrieval import Retriever
from reisgenoot.knowledge.search import cached_retriever, notices
from reisgenoot.knowledge.search import hits as search_hits

kb_app = typer.Typer(help="Kennisbank: importeren en zoeken.", no_args_is_help=True)
stderr = Console(stderr=True)
_EMBEDDER: list[Embedder] = []


def embedder() -> Embedder:
    """The embedder of this process (the bundled e5 model; tests may replace it)."""
    if not _EMBEDDER:
        _EMBEDDER.append(E5Embedder())
    return _EMBEDDER[0]


def set_embedder(value: Embedder | None) -> None:
    """Use ``value`` from now on (None: back to the default)."""
    _EMBEDDER.clear()
    if value is not None:
        _EMBEDDER.append(value)


def index_with_progress(session: Session, label: str = "Index bijwerken") -> IndexStats:
    """Embed changed sections, with a progress bar on stderr."""
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return build_index(session, embedder(), progress=advance)


def ready_retriever(session: Session) -> Retriever:
    """The hybrid retriever, after topping up the index when sections are missing."""
    if missing_passages(session, embedder().model_id):
        index_with_progress(session)
        session.flush()
    return cached_retriever(session, embedder())


@kb_app.command("import")
def kb_import(
    path: Path = typer.Argument(
        ..., help=f"Bestand of map ({', of '.join(f.description for f in formats())})."
    ),
    prune: bool = typer.Option(
        False, "--prune", help="Verwijder artikelen van deze bron die niet meer in de import staan."
    ),
    user: str | None = typer.Option(
        None, "--user", help="Wie de inhoud goedkeurt (voor het auditlogboek)."
    ),
) -> None:
    """Importeer kennisartikelen; bij een fout wordt niets geïmporteerd."""
    files = discover(path)
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("Bestanden lezen", total=len(files))
        articles = read_all(files, progress=lambda _p: progress.advance(task))
    with database().session() as session:
        result = store_articles(
            session,
            articles,
            audit_key=settings().audit_secret(),
            actor=user or f"cli:{getpass.getuser()}",
            prune=prune,
        )
    with database().session() as session:
        stats = index_with_progress(session, "Index bouwen")
    typer.echo(
        json.dumps(
            {
                "imported": result.total,
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
                "pruned": len(result.pruned),
                "embedded": stats.embedded,
            }
        )
    )


@kb_app.command("search")
def kb_search(
    query: str | None = typer.Argument(None, help="Zoekvraag."),
    limit: int = typer.Option(5, "--limit", min=1, max=100, help="Aantal resultaten per vraag."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    batch: str | None = typer.Option(
        None, "--batch", help="JSON Lines met {\"query\"}; '-' is standaardinvoer."
    ),
) -> None:
    """Zoek in de actieve kennisartikelen (hybride: woorden en betekenis)."""
    db = database()
    with db.session() as session:
        retriever = ready_retriever(session)

    def results(text: str) -> list[dict[str, Any]]:
        if not text.strip():
            return []
        return [
            {"id": h.id, "title": h.title, "score": h.score}
            for h in search_hits(retriever.rank(text, limit=limit))
        ]

    def line(record: dict[str, Any]) -> dict[str, Any]:
        text = text_field(record, "query")
        output: dict[str, Any] = {"query": text, "results": results(text)}
        with db.session() as session:
            found = notices(session, text)
        if found:
            output["notices"] = found
        return output

    if batch is not None:
        run_batch(batch, line)
        return
    if query is None:
        raise InputError("no query", detail="geef een zoekvraag of gebruik --batch")
    hits = results(query)
    if as_json:
        typer.echo(dumps(hits))
        return
    for hit in hits:
        typer.echo(f"{hit['score']:.2f}  {hit['id']}  {hit['title']}")


@kb_app.command("show")
def kb_show(article_id: str = typer.Argument(..., help="Id van het artikel (bron-id).")) -> None:
    """Toon een artikel als JSON (met deskMemo: alleen voor medewerkers)."""
    with database().session() as session:
        article = session.scalar(select(Article).where(Article.source_id == article_id))
        if article is None:
            raise InputError("unknown article", detail=f"artikel {article_id} bestaat niet")
        typer.echo(
            dumps(
                {
                    "id": article.source_id,
                    "source": article.source,
                    "title": article.title,
                    "upl": article.upl,
                    "status": article.status,
                    "sections": {f: t for f, _h, t in article.public_sections()},
                    "deskMemo": article.desk_memo,
                }
            )
        )


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
