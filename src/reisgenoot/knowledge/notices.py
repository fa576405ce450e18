"""Crisis notices: short temporary messages on a topic, shown before search results.

A notice is an :class:`~reisgenoot.knowledge.models.Article` with ``kind == "crisismelding"``:
the title, a short ``tekst``, the topic as UPL name (``upl``) and/or keywords
(``trefwoorden``), and the expiry moment in ``extra["verloopt"]`` (ISO 8601 in UTC; a bare
date means the end of that day in Europe/Amsterdam). A notice is active while its status is
``actief`` and its expiry lies in the future; nothing has to clean up expired notices.

A notice matches a question when they share a normalised term (lemmas, synonyms, compound
parts) of the notice's UPL name and keywords — or of its title when it has neither.
Publishing and withdrawing are audited with the acting user.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.normalize import default_normaliser
from reisgenoot.language.calendar import MONTHS
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KIND = "crisismelding"
SOURCE = "crisis"
MAX_TITLE = 150
MAX_TEXT = 500
MAX_KEYWORDS = 300
MAX_DAYS = 14
_KEYWORD_SPLIT = re.compile(r"[,;\n]+")


@dataclass(frozen=True, slots=True)
class Notice:
    """An active (or recently ended) crisis notice as pages show it."""

    key: int
    id: str
    title: str
    text: str
    topic: str | None
    keywords: tuple[str, ...]
    expires: datetime  # aware, UTC
    active: bool

    @property
    def expires_local(self) -> str:
        """The expiry as users read it: "3 december 2026, 17:00" (Europe/Amsterdam)."""
        return local_label(self.expires)

    def as_dict(self) -> dict[str, str]:
        """The shape the ``kb search --batch`` output uses (id, title, text)."""
        return {"id": self.id, "title": self.title, "text": self.text}


def local_label(moment: datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def parse_expiry(raw: object) -> datetime | None:
    """The stored expiry as an aware UTC datetime (None when missing or unreadable)."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(23, 59, 59), AMSTERDAM).astimezone(ZoneInfo("UTC"))
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(ZoneInfo("UTC"))


def _notice(article: Article, now: datetime) -> Notice | None:
    expires = parse_expiry((article.extra or {}).get("verloopt"))
    if expires is None:
        return None
    return Notice(
        key=article.id,
        id=article.source_id,
        title=article.title,
        text=article.tekst,
        topic=article.upl,
        keywords=tuple(article.trefwoorden or ()),
        expires=expires,
        active=article.status == "actief" and expires > now,
    )


def all_notices(session: Session, now: datetime | None = None) -> list[Notice]:
    """Every crisis notice with a readable expiry, newest expiry first (for the redactie)."""
    moment = now or utcnow()
    rows = session.scalars(select(Article).where(Article.kind == KIND))
    found = [n for n in (_notice(a, moment) for a in rows) if n is not None]
    return sorted(found, key=lambda n: (not n.active, -n.expires.timestamp()))


def _topic_terms(notice: Notice) -> set[str]:
    normaliser = default_normaliser()
    words = " ".join([notice.topic or "", *notice.keywords]).strip() or notice.title
    return set(normaliser.weighted_terms(words))


def matches(notice: Notice, query: str) -> bool:
    """Whether ``query`` shares a normalised term with the notice's topic."""
    wanted = set(default_normaliser().weighted_terms(query))
    return bool(wanted & _topic_terms(notice))


REACH_SHOWN = 4  # article titles named per keyword on the redactie page


def reach(session: Session, notices: list[Notice]) -> dict[int, list[tuple[str, list[str]]]]:
    """Per notice (by key), per keyword: titles of the kennisbank's active articles on *another*
    product that the keyword matches, so the redacteur sees a keyword that reaches too far
    ("ophalen" for a waste notice also matches "Paspoort ophalen") — at most
    :data:`REACH_SHOWN` titles each, only keywords that reach any. The articles are read and
    normalised once for all notices."""
    if not notices:
        return {}
    normaliser = default_normaliser()
    rows = session.execute(
        select(Article.title, Article.upl).where(Article.kind != KIND, Article.status == "actief")
    ).all()
    titled = [(title, upl, set(normaliser.weighted_terms(title))) for title, upl in rows]
    found: dict[int, list[tuple[str, list[str]]]] = {}
    for notice in notices:
        found[notice.key] = []
        for keyword in notice.keywords:
            terms = set(normaliser.weighted_terms(keyword))
            titles = sorted(
                {t for t, upl, words in titled if terms & words and upl != notice.topic}
            )
            if titles:
                found[notice.key].append((keyword, titles[:REACH_SHOWN]))
    return found


def active_notices(
    session: Session, query: str | None = None, *, now: datetime | None = None
) -> list[Notice]:
    """Active, unexpired notices; with a ``query`` only those on its topic (soonest end first)."""
    moment = now or utcnow()
    rows = session.scalars(select(Article).where(Article.kind == KIND, Article.status == "actief"))
    found = [n for n in (_notice(a, moment) for a in rows) if n is not None and n.active]
    if query is not None:
        if not query.strip():
            return []
        found = [n for n in found if matches(n, query)]
    return sorted(found, key=lambda n: (n.expires, n.id))


# --- the form ----------------------------------------------------------------------------


@dataclass(slots=True)
class NoticeForm:
    """What the redacteur typed (kept as text, so nothing is lost on an error)."""

    titel: str = ""
    tekst: str = ""
    onderwerp: str = ""
    trefwoorden: str = ""
    verloopt: str = ""  # "YYYY-MM-DDTHH:MM" in Europe/Amsterdam (datetime-local input)
    bron: str = ""

    @classmethod
    def of(cls, values: Mapping[str, str]) -> NoticeForm:
        def get(name: str) -> str:
            return str(values.get(name, "") or "").replace("\r\n", "\n").strip()

        return cls(
            titel=get("titel"),
            tekst=get("tekst"),
            onderwerp=get("onderwerp"),
            trefwoorden=get("trefwoorden"),
            verloopt=get("verloopt"),
            bron=get("bron")[:30],
        )

    def keywords(self) -> list[str]:
        parts = (p.strip() for p in _KEYWORD_SPLIT.split(self.trefwoorden))
        return list(dict.fromkeys(p for p in parts if p))


def default_expiry(now: datetime | None = None) -> str:
    """Tomorrow at 17:00 (Amsterdam), as a datetime-local value."""
    local = (now or utcnow()).astimezone(AMSTERDAM) + timedelta(days=1)
    return f"{local:%Y-%m-%d}T17:00"


def _parse_local(raw: str) -> datetime | None:
    """A datetime-local value, or Dutch "31-12-2026 17:00" typed without a date picker."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        try:
            moment = datetime.strptime(" ".join(raw.split()), "%d-%m-%Y %H:%M")
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(ZoneInfo("UTC"))


def _expiry_error(form: NoticeForm, now: datetime) -> str | None:
    if not form.verloopt:
        return "Vul in tot wanneer het bericht te zien is."
    moment = _parse_local(form.verloopt)
    if moment is None:
        return "Vul de einddatum en tijd in zoals 31-12-2026 17:00."
    if moment <= now:
        return "De einddatum ligt in het verleden. Kies een moment in de toekomst."
    if moment > now + timedelta(days=MAX_DAYS):
        return f"Een crisisbericht mag hoogstens {MAX_DAYS} dagen te zien zijn. Kies een eerdere datum."
    return None


def validate(form: NoticeForm, upl_names: frozenset[str], now: datetime) -> list[tuple[str, str]]:
    """Problems as (field id, Dutch message); empty when the notice can be published."""
    errors: list[tuple[str, str]] = []
    if not form.titel:
        errors.append(("titel", "Vul een titel in."))
    elif len(form.titel) > MAX_TITLE:
        errors.append(("titel", f"De titel is te lang. Gebruik hoogstens {MAX_TITLE} tekens."))
    if not form.tekst:
        errors.append(("tekst", "Vul de tekst van het bericht in."))
    elif len(form.tekst) > MAX_TEXT:
        errors.append(
            ("tekst", f"De tekst is {len(form.tekst)} tekens. Gebruik hoogstens {MAX_TEXT} tekens.")
        )
    if form.onderwerp and upl_names and form.onderwerp not in upl_names:
        errors.append(
            (
                "onderwerp",
                f"Het onderwerp '{form.onderwerp}' staat niet in de lijst. Kies uit de lijst.",
            )
        )
    if len(form.trefwoorden) > MAX_KEYWORDS:
        errors.append(("trefwoorden", "Gebruik minder trefwoorden (hoogstens 300 tekens)."))
    if not form.onderwerp and not form.keywords():
        errors.append(("onderwerp", "Kies een onderwerp of vul trefwoorden in."))
    problem = _expiry_error(form, now)
    if problem:
        errors.append(("verloopt", problem))
    return errors


def publish(
    session: Session,
    form: NoticeForm,
    *,
    audit_key: bytes,
    actor: str,
    now: datetime | None = None,
) -> Article:
    """Store a validated notice (caller's transaction) and audit who published it."""
    moment = now or utcnow()
    expires = _parse_local(form.verloopt)
    assert expires is not None, "validate() first"
    source_id = f"crisis-{moment:%Y%m%d%H%M}-{secrets.token_hex(3)}"
    article = Article(
        source=SOURCE,
        source_id=source_id,
        kind=KIND,
        title=form.titel,
        upl=form.onderwerp or None,
        status="actief",
        tekst=form.tekst,
        trefwoorden=form.keywords(),
        extra={"verloopt": expires.isoformat(), "bron": form.bron or "redactie"},
        content_hash=secrets.token_hex(32),
        updated_at=moment,
    )
    session.add(article)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="crisisbericht_geplaatst",
        object_type="article",
        object_id=source_id,
        details={
            "onderwerp": article.upl,
            "trefwoorden": article.trefwoorden,
            "verloopt": expires.isoformat(),
            "bron": form.bron or "redactie",
        },
    )
    return article


def withdraw(session: Session, key: int, *, audit_key: bytes, actor: str) -> Article | None:
    """End a notice now (status ``non-actief``) and audit it; None when it does not exist."""
    article = session.get(Article, key)
    if article is None or article.kind != KIND:
        return None
    if article.status != "non-actief":
        article.status = "non-actief"
        article.updated_at = utcnow()
        session.flush()
        audit.record(
            session,
            audit_key,
            actor=actor,
            action="crisisbericht_ingetrokken",
            object_type="article",
            object_id=article.source_id,
        )
    return article
