"""Kennisbank import: read every file first, then write all articles in one transaction.

Files are read by the registered import formats (:mod:`reisgenoot.knowledge.formats`).
Identity is (source, source id). Re-import updates changed articles and leaves unchanged
ones alone; articles missing from the import are kept unless ``prune`` is set. The import
is the human approval of content and is audited with the importing user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.errors import ImportFormatError
from reisgenoot.knowledge.formats import ArticleData, read_file, suffixes
from reisgenoot.knowledge.models import SECTIONS, Article
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

SKIPPED_NAMES = {"readme.md", "source.txt", "licence.md", "license.md"}


@dataclass(slots=True)
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def discover(path: Path) -> list[Path]:
    """The files to import: PATH itself, or the files below a folder that some registered
    import format reads (by extension; sorted)."""
    if path.is_file():
        return [path]
    if not path.exists():
        raise ImportFormatError(
            "missing", code="bestand_onleesbaar", file=str(path), detail="bestaat niet"
        )
    known = suffixes()
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in known and p.name.lower() not in SKIPPED_NAMES
    )


def read_all(
    files: Iterable[Path], progress: Callable[[Path], None] | None = None
) -> list[ArticleData]:
    """Parse every file; the first broken one raises and nothing is returned."""
    articles: list[ArticleData] = []
    seen: dict[tuple[str, str], Path] = {}
    digests: dict[tuple[str, str], str] = {}
    for path in files:
        for article in read_file(path):
            key = (article.source, article.source_id)
            if key in seen and digests[key] == article.content_hash():
                continue  # the very same record in two files (e.g. two exports): keep one
            if key in seen:
                raise ImportFormatError(
                    "duplicate",
                    file=str(path),
                    record=1,
                    line=1,
                    detail=f"het id '{article.source_id}' staat ook in {seen[key]}",
                )
            seen[key] = path
            digests[key] = article.content_hash()
            articles.append(article)
        if progress is not None:
            progress(path)
    if not articles:
        raise ImportFormatError(
            "empty", code="import_leeg", file=", ".join(str(f) for f in files) or "-"
        )
    return articles


def _apply(article: Article, data: ArticleData, digest: str) -> None:
    article.title = data.title
    article.kind = data.kind
    article.upl = data.upl
    article.status = data.status
    article.doelgroep = data.doelgroep
    for _sdg, attribute, _heading in SECTIONS:
        setattr(article, attribute, data.sections.get(attribute, ""))
    article.trefwoorden = list(data.trefwoorden)
    article.extra = dict(data.extra)
    article.url = data.url
    article.licence = data.licence
    article.source_updated_at = data.source_updated_at
    article.content_hash = digest
    article.updated_at = utcnow()


def _existing(session: Session, sources: set[str]) -> Iterator[Article]:
    yield from session.scalars(select(Article).where(Article.source.in_(sources)))


def store_articles(
    session: Session,
    articles: list[ArticleData],
    *,
    audit_key: bytes,
    actor: str,
    prune: bool = False,
) -> ImportResult:
    """Upsert ``articles`` in the caller's transaction and audit the import."""
    result = ImportResult()
    sources = {a.source for a in articles}
    current = {(a.source, a.source_id): a for a in _existing(session, sources)}
    for data in articles:
        digest = data.content_hash()
        article = current.pop((data.source, data.source_id), None)
        if article is None:
            article = Article(source=data.source, source_id=data.source_id)
            _apply(article, data, digest)
            session.add(article)
            result.created.append(data.source_id)
        elif article.content_hash != digest:
            _apply(article, data, digest)
            result.updated.append(data.source_id)
        else:
            result.unchanged.append(data.source_id)
    if prune:
        for leftover in current.values():
            result.pruned.append(leftover.source_id)
            session.delete(leftover)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="kennisbank_import",
        object_type="articles",
        object_id=",".join(sorted(sources)),
        details={
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
            "pruned": result.pruned,
            "changed_ids": sorted(result.created + result.updated),
        },
    )
    return result
