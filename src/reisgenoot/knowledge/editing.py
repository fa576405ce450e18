"""Writing and editing kennisartikelen on the redactie pages.

The form keeps everything as typed (:class:`ArticleForm`), so a validation error or an edit
conflict never loses text. :func:`save_article` writes in the caller's transaction, checks
that nobody saved the article in between (optimistic concurrency on ``content_hash``),
audits who changed which fields, and brings the embedding index up to date for that one
article when an embedder is at hand. The lexical search index follows by itself: the
retriever cache is keyed on the kennisbank's latest ``updated_at`` (see
:func:`reisgenoot.knowledge.search.cached_retriever`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.contacts import upl
from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.index import index_article, index_rows
from reisgenoot.knowledge.models import SECTIONS, Article
from reisgenoot.language.readability import check_b1
from reisgenoot.log import get_logger
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

log = get_logger(__name__)

SOURCE = "redactie"
EDIT_STATUSES: tuple[tuple[str, str], ...] = (
    ("concept", "Concept"),
    ("actief", "Actief"),
    ("non-actief", "Niet actief"),
    ("te-verwijderen", "Te verwijderen"),
)
MAX_TITLE = 200
MAX_SECTION = 20_000
MAX_KEYWORDS = 1_000
MAX_SENTENCES_SHOWN = 6
B1_SKIPPED = frozenset({"desk_memo", "contact"})
ATTRIBUTES = tuple(attribute for _sdg, attribute, _heading in SECTIONS)
HEADINGS = {attribute: heading for _sdg, attribute, heading in SECTIONS}
_KEYWORD_SPLIT = re.compile(r"[,;\n]+")
_SLUG = re.compile(r"[^a-z0-9]+")


class EditConflictError(KnowledgeError):
    """Someone else saved the article after this form was opened."""

    code = "bewerkconflict"


def upl_names(session: Session) -> frozenset[str]:
    """Allowed UPL names: the UPL list plus the names the kennisbank already uses."""
    used = session.scalars(select(Article.upl).where(Article.upl.is_not(None)).distinct())
    return upl.upl_names() | {u for u in used if u}


@dataclass(slots=True)
class ArticleForm:
    """The editor form as typed; ``versie`` is the ``content_hash`` the editor started from."""

    titel: str = ""
    upl: str = ""
    status: str = "concept"
    trefwoorden: str = ""
    sections: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, ""))
    versie: str = ""

    @classmethod
    def of(cls, values: Mapping[str, str]) -> ArticleForm:
        def get(name: str) -> str:
            return str(values.get(name, "") or "").replace("\r\n", "\n")

        return cls(
            titel=get("titel").strip(),
            upl=get("upl").strip(),
            status=get("status").strip() or "concept",
            trefwoorden=get("trefwoorden").strip(),
            sections={a: get(a).strip() for a in ATTRIBUTES},
            versie=get("versie").strip(),
        )

    @classmethod
    def from_article(cls, article: Article) -> ArticleForm:
        return cls(
            titel=article.title,
            upl=article.upl or "",
            status=article.status,
            trefwoorden=", ".join(article.trefwoorden or []),
            sections={a: str(getattr(article, a) or "") for a in ATTRIBUTES},
            versie=article.content_hash,
        )

    def keywords(self) -> list[str]:
        parts = (p.strip() for p in _KEYWORD_SPLIT.split(self.trefwoorden))
        return list(dict.fromkeys(p for p in parts if p))


def validate(form: ArticleForm, allowed_upl: frozenset[str]) -> list[tuple[str, str]]:
    """Problems as (field id, Dutch message); empty when the article can be saved."""
    errors: list[tuple[str, str]] = []
    if not form.titel:
        errors.append(("titel", "Vul een titel in."))
    elif len(form.titel) > MAX_TITLE:
        errors.append(("titel", f"De titel is te lang. Gebruik hoogstens {MAX_TITLE} tekens."))
    if form.upl and allowed_upl and form.upl not in allowed_upl:
        errors.append(
            (
                "upl",
                f"'{form.upl}' staat niet in de lijst met onderwerpen (UPL). Kies uit de lijst.",
            )
        )
    if form.status not in {value for value, _label in EDIT_STATUSES}:
        errors.append(("status", "Kies of het artikel een concept is of actief."))
    if not form.sections["tekst"]:
        errors.append(
            ("tekst", "Vul de inleiding in. Zonder inleiding kan niemand het artikel vinden.")
        )
    for attribute in ATTRIBUTES:
        if len(form.sections[attribute]) > MAX_SECTION:
            errors.append(
                (
                    attribute,
                    f"De sectie {HEADINGS[attribute]} is te lang (hoogstens 20.000 tekens).",
                )
            )
    if len(form.trefwoorden) > MAX_KEYWORDS:
        errors.append(("trefwoorden", "Gebruik minder trefwoorden (hoogstens 1.000 tekens)."))
    return errors


# --- B1 feedback -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceNote:
    text: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectionFeedback:
    """The B1 check of one section, in the words the editor shows."""

    attribute: str
    heading: str
    b1: bool
    reasons: tuple[str, ...]
    sentences: tuple[SentenceNote, ...]
    more: int  # failing sentences not listed


def b1_feedback(form: ArticleForm) -> list[SectionFeedback]:
    """The B1 check per filled-in public section (not the block for employees)."""
    result: list[SectionFeedback] = []
    for attribute in ATTRIBUTES:
        text = form.sections[attribute]
        if attribute in B1_SKIPPED or not text:
            continue
        report = check_b1(text)
        notes = [SentenceNote(s.text, tuple(s.reasons)) for s in report.sentences if s.reasons]
        result.append(
            SectionFeedback(
                attribute,
                HEADINGS[attribute],
                report.b1,
                tuple(report.reasons),
                tuple(notes[:MAX_SENTENCES_SHOWN]),
                max(0, len(notes) - MAX_SENTENCES_SHOWN),
            )
        )
    return result


# --- saving ------------------------------------------------------------------------------


def _slug(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", folded).strip("-")[:60].rstrip("-") or "artikel"


def _new_source_id(session: Session, title: str) -> str:
    base = f"red-{_slug(title)}"
    taken = set(
        session.scalars(
            select(Article.source_id).where(
                Article.source == SOURCE, Article.source_id.like(f"{base}%")
            )
        )
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _data_of(article: Article) -> ArticleData:
    return ArticleData(
        source=article.source,
        source_id=article.source_id,
        title=article.title,
        kind=article.kind,
        upl=article.upl,
        status=article.status,
        doelgroep=article.doelgroep,
        sections={a: str(getattr(article, a) or "") for a in ATTRIBUTES},
        trefwoorden=list(article.trefwoorden or []),
        extra=dict(article.extra or {}),
        url=article.url,
        licence=article.licence,
    )


def _apply(article: Article, form: ArticleForm) -> list[str]:
    """Copy the form onto ``article``; returns the names of the fields that changed."""
    changed: list[str] = []
    plain = {"title": form.titel, "upl": form.upl or None, "status": form.status}
    for name, value in plain.items():
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed.append(name)
    if list(article.trefwoorden or []) != form.keywords():
        article.trefwoorden = form.keywords()
        changed.append("trefwoorden")
    sections_changed = False
    for attribute in ATTRIBUTES:
        if str(getattr(article, attribute) or "") != form.sections[attribute]:
            setattr(article, attribute, form.sections[attribute])
            changed.append(attribute)
            sections_changed |= attribute != "desk_memo"
    extra = dict(article.extra or {})
    if sections_changed and "html" in extra:
        del extra["html"]  # the imported HTML would hide the edited text on the pages
        article.extra = extra
    return changed


def conflicting_fields(article: Article, form: ArticleForm) -> list[str]:
    """Headings of the fields where the stored article differs from what was typed."""
    stored = ArticleForm.from_article(article)
    names = [("titel", "Titel")] if stored.titel != form.titel else []
    names += [(a, HEADINGS[a]) for a in ATTRIBUTES if stored.sections[a] != form.sections[a]]
    return [heading for _name, heading in names]


def save_article(
    session: Session,
    form: ArticleForm,
    *,
    key: int | None,
    audit_key: bytes,
    actor: str,
    embedder: Embedder | None = None,
) -> Article:
    """Create (``key`` None) or update an article from a validated form.

    Raises :class:`EditConflictError` when the stored article changed since the form was
    opened (``form.versie``); nothing is written then.
    """
    if key is None:
        article = Article(source=SOURCE, source_id=_new_source_id(session, form.titel))
        article.kind = "kennisartikel"
        article.doelgroep = "inwoner"
        article.extra = {}
        article.trefwoorden = []
        for attribute in ATTRIBUTES:
            setattr(article, attribute, "")
        session.add(article)
        action = "artikel_aangemaakt"
    else:
        found = session.get(Article, key, with_for_update=True)
        if found is None or found.kind == "crisismelding":
            raise KnowledgeError("article gone", code="artikel_onbekend")
        if found.content_hash != form.versie:
            raise EditConflictError("edit conflict")
        article = found
        action = "artikel_bewerkt"
    changed = _apply(article, form)
    article.content_hash = _data_of(article).content_hash()
    article.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action=action,
        object_type="article",
        object_id=f"{article.source}:{article.source_id}",
        details={"changed": changed, "status": article.status},
    )
    if embedder is not None:
        _index_saved(session, embedder, article)
    return article


def _index_saved(session: Session, embedder: Embedder, article: Article) -> None:
    """Embed the saved article's changed passages, when ``embedder`` has an index at all.

    Without an index (nothing built yet) one article would not make search hybrid, so the
    model is not even loaded. A failing embeddings server does not undo the save: the
    passages stay missing, search falls back to words until the index is topped up.
    """
    if not index_rows(session, embedder.model_id):
        return
    try:
        with session.begin_nested():
            index_article(session, embedder, article)
    except KnowledgeError:
        log.warning("indexing the saved article failed", extra={"article": article.id})
