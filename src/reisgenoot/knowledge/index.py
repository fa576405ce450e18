"""The stored embedding index: one vector per article section that matters.

Embedding whole articles on a CPU is slow and the model reads only ~512 tokens, so each
active article contributes short passages: the title with its keywords, the title with the
start of the inleiding, and the title with the start of each other public section (never the
deskMemo). Rows are keyed by article, section and model, with a hash of the embedded text,
so a rebuild embeds only passages whose text changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from reisgenoot.knowledge.embeddings import Embedder, Matrix
from reisgenoot.knowledge.models import Article
from reisgenoot.store.base import Base, utcnow

TEXT_CHARS = 350
SECTION_CHARS = 200
EMBED_BATCH = 16
SKIPPED_SECTIONS = frozenset({"deskMemo", "contact"})
Progress = Callable[[int, int], None]
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


class SectionEmbedding(Base):
    __tablename__ = "knowledge_section_embeddings"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    section: Mapped[str] = mapped_column(String(50))
    model_id: Mapped[str] = mapped_column(String(200), index=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("article_id", "section", "model_id", name="uq_section_embedding"),
    )


@dataclass(frozen=True, slots=True)
class Passage:
    section: str  # "titel", or the SDG field name of the section
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(slots=True)
class IndexStats:
    embedded: int = 0
    reused: int = 0
    removed: int = 0
    articles: int = 0
    model_id: str = ""
    changed_articles: set[int] = field(default_factory=set)


def flatten(text: str) -> str:
    """Markdown bullets and line breaks become plain running text."""
    return " ".join(_BULLET.sub("", text).split())


def lead(text: str, limit: int) -> str:
    """The start of ``text``, cut after a sentence when possible, else at a word."""
    flat = flatten(text)
    if len(flat) <= limit:
        return flat
    ends = [m.end() for m in _SENTENCE_END.finditer(flat, 0, limit)]
    if ends and ends[-1] >= limit // 2:
        return flat[: ends[-1]]
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit]


def article_passages(article: Article) -> list[Passage]:
    """The passages of ``article`` that are embedded (public sections only)."""
    title = article.title.strip()
    keywords = ", ".join(article.trefwoorden or [])
    passages = [Passage("titel", f"{title}. {keywords}" if keywords else title)]
    for field_name, heading, text in article.public_sections():
        if field_name in SKIPPED_SECTIONS:
            continue
        if field_name == "tekst":
            passages.append(Passage("tekst", f"{title}: {lead(text, TEXT_CHARS)}"))
        else:
            passages.append(
                Passage(field_name, f"{title} – {heading}: {lead(text, SECTION_CHARS)}")
            )
    return passages


def searchable(session: Session) -> list[Article]:
    """Active articles that search answers from (crisis notices are separate)."""
    query = (
        select(Article)
        .where(Article.status == "actief", Article.kind != "crisismelding")
        .order_by(Article.id)
    )
    return list(session.scalars(query))


def _to_bytes(vector: Matrix) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _existing(session: Session, model_id: str) -> dict[tuple[int, str], SectionEmbedding]:
    rows = session.scalars(select(SectionEmbedding).where(SectionEmbedding.model_id == model_id))
    return {(row.article_id, row.section): row for row in rows}


def _wanted(articles: Iterable[Article]) -> dict[tuple[int, str], Passage]:
    return {(a.id, p.section): p for a in articles for p in article_passages(a)}


def build_index(
    session: Session,
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    articles: list[Article] | None = None,
) -> IndexStats:
    """Bring the stored index up to date for ``embedder``; only changed passages are embedded."""
    chosen = articles if articles is not None else searchable(session)
    stats = IndexStats(articles=len(chosen), model_id=embedder.model_id)
    current = _existing(session, embedder.model_id)
    wanted = _wanted(chosen)
    todo = [
        (key, passage)
        for key, passage in wanted.items()
        if key not in current or current[key].text_hash != passage.digest
    ]
    stats.reused = len(wanted) - len(todo)
    stale = [row.id for key, row in current.items() if key not in wanted]
    if stale:
        session.execute(delete(SectionEmbedding).where(SectionEmbedding.id.in_(stale)))
        stats.removed = len(stale)
    if progress is not None:
        progress(0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        chunk = todo[start : start + EMBED_BATCH]
        vectors = embedder.embed_passages([p.text for _k, p in chunk])
        for ((article_id, section), passage), vector in zip(chunk, vectors, strict=True):
            _store(
                session,
                current.get((article_id, section)),
                article_id,
                section,
                passage,
                vector,
                embedder.model_id,
            )
            stats.changed_articles.add(article_id)
        stats.embedded += len(chunk)
        if progress is not None:
            progress(stats.embedded, len(todo))
    session.flush()
    return stats


def _store(
    session: Session,
    row: SectionEmbedding | None,
    article_id: int,
    section: str,
    passage: Passage,
    vector: Matrix,
    model_id: str,
) -> None:
    if row is None:
        row = SectionEmbedding(article_id=article_id, section=section, model_id=model_id)
        session.add(row)
    row.text_hash = passage.digest
    row.dim = int(vector.shape[0])
    row.vector = _to_bytes(vector)
    row.created_at = utcnow()


def missing_passages(session: Session, model_id: str) -> int:
    """How many wanted passages have no up-to-date vector for ``model_id``."""
    current = _existing(session, model_id)
    wanted = _wanted(searchable(session))
    return sum(
        1 for key, p in wanted.items() if key not in current or current[key].text_hash != p.digest
    )


def load_vectors(session: Session, model_id: str) -> dict[tuple[int, str], Matrix]:
    """Stored vectors for ``model_id`` by (article id, section)."""
    rows = session.execute(
        select(
            SectionEmbedding.article_id,
            SectionEmbedding.section,
            SectionEmbedding.vector,
        ).where(SectionEmbedding.model_id == model_id)
    )
    return {(a, s): np.frombuffer(v, dtype=np.float32) for a, s, v in rows}


def index_rows(session: Session, model_id: str) -> int:
    """Number of stored rows for ``model_id`` (for cache fingerprints)."""
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count(SectionEmbedding.id)).where(SectionEmbedding.model_id == model_id)
        )
        or 0
    )


def index_article(session: Session, embedder: Embedder, article: Article) -> IndexStats:
    """Bring the index up to date for one article only (after an edit on the web pages).

    Its changed passages are embedded, passages it no longer has are removed, and an article
    that is no longer searchable (concept, non-actief, crisis notice) loses all its rows.
    Other articles' rows are left alone.
    """
    stats = IndexStats(articles=1, model_id=embedder.model_id)
    rows = session.scalars(
        select(SectionEmbedding).where(
            SectionEmbedding.model_id == embedder.model_id,
            SectionEmbedding.article_id == article.id,
        )
    )
    current = {row.section: row for row in rows}
    searchable_now = article.status == "actief" and article.kind != "crisismelding"
    wanted = {p.section: p for p in article_passages(article)} if searchable_now else {}
    stale = [row.id for section, row in current.items() if section not in wanted]
    if stale:
        session.execute(delete(SectionEmbedding).where(SectionEmbedding.id.in_(stale)))
        stats.removed = len(stale)
    todo = [
        p
        for section, p in wanted.items()
        if section not in current or current[section].text_hash != p.digest
    ]
    stats.reused = len(wanted) - len(todo)
    if todo:
        vectors = embedder.embed_passages([p.text for p in todo])
        for passage, vector in zip(todo, vectors, strict=True):
            row = current.get(passage.section)
            _store(session, row, article.id, passage.section, passage, vector, embedder.model_id)
        stats.embedded = len(todo)
        stats.changed_articles.add(article.id)
    session.flush()
    return stats
