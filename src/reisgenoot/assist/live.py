"""Live assist: one session per conversation, suggestions after every turn.

Every incoming turn is **stored first** (a :class:`~reisgenoot.contacts.models.Turn` row on the
concept klantcontact, committed) and only then is anything computed, so a crash loses nothing.
After each turn :func:`compute_suggestions` gives the employee:

- the most relevant kennisbank **passages**: the sections of the articles of the recognised UPL
  products, ranked by word overlap with the latest turns; when no article belongs to the
  recognised product, lexical :func:`~reisgenoot.knowledge.search.search` (only on a resident
  turn that brings new words, cached per session and per process);
- **follow-up questions** from the article's Voorwaarden and Bewijs bullets that the
  conversation has not touched yet ("Vraag naar: verhuisdatum");
- an **alert** when the resident's tone escalates or the topic needs a specialist, with a
  warm-transfer suggestion;
- the **registration draft** as it grows (:func:`draft_registration` on the turns so far).

Every turn is analysed once when it comes in (:func:`reisgenoot.assist.analysed.analyse_turn`)
and kept with the session, so the draft and the alert read it instead of analysing the whole
conversation again; with the other per-session caches (the conversation's lemmas, articles per
UPL) a turn stays in the low milliseconds. Nothing here confirms a registration: that is the review page's explicit
POST by a person.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.assist.analysed import AnalysedTurn, analyse_turn
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import RESIDENT_SPEAKERS, SPEAKERS, Transcript, Turn
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.models import Turn as ContactTurn
from reisgenoot.errors import InputError
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.search import search, terms
from reisgenoot.store import audit
from reisgenoot.store.engine import Database

MAX_TURN_CHARS = 4000
MAX_TURNS = 400
PASSAGES = 3
QUESTIONS = 3
PASSAGE_CHARS = 320
RECENT_TURNS = 4
UPL_CONFIDENCE = 0.35
SEARCH_CACHE = 2048
RELATIVE_SCORE = 0.4  # drop search hits far below the best one
NEW_TOPIC = "(nog geen onderwerp)"
CHECKLIST_SECTIONS = (("vereisten", "Voorwaarden"), ("bewijs", "Bewijs"))
PASSAGE_SECTIONS = (
    ("tekst", "Inleiding"),
    ("procedure_beschrijving", "Aanvraag"),
    ("vereisten", "Voorwaarden"),
    ("bewijs", "Bewijs"),
    ("kosten_en_betaalmethoden", "Kosten"),
    ("uiterste_termijn", "Termijn"),
    ("notice", "Bijzonderheden"),
    ("desk_memo", "Voor medewerkers"),
)
GENERIC = frozenset(
    (
        "gemeente",
        "voorbeeldstad",
        "jaar",
        "jaren",
        "ouder",
        "dagen",
        "dag",
        "weken",
        "week",
        "maanden",
        "maand",
        "moet",
        "moeten",
        "mogen",
        "kunnen",
        "alleen",
        "altijd",
        "soms",
        "vragen",
        "vraagt",
        "vraag",
        "heeft",
        "hebben",
        "worden",
        "wordt",
        "geeft",
        "geven",
        "door",
        "zelf",
        "uiterlijk",
        "binnen",
        "vanaf",
        "tijdens",
        "daarna",
        "eerst",
        "nodig",
        "misschien",
        "andere",
        "ander",
        "iemand",
        "iedereen",
        "hiervoor",
        "daarvoor",
        "waarvoor",
        "ongeveer",
        "meestal",
        "eigen",
        "kosten",
        "gratis",
        "euro",
        "mijn",
        "online",
        "digitaal",
        "aanvragen",
        "aanvraag",
        "kunt",
        "zoals",
        "welke",
        "wanneer",
        "waarin",
        "eerder",
        "later",
        "melding",
        "meter",
        "kilo",
        "maximaal",
        "minimaal",
    )
)
PRONOUNS = frozenset(
    ("die", "dat", "ze", "zij", "wij", "we", "u", "ik", "je", "jij", "hij", "jullie")
)
_DATE = re.compile(
    r"\b(\d{1,2}[-/ ]\d{1,2}([-/ ]\d{2,4})?|\d{1,2} (januari|februari|maart|april|mei|juni|juli|"
    r"augustus|september|oktober|november|december)|maandag|dinsdag|woensdag|donderdag|vrijdag|"
    r"zaterdag|zondag|morgen|overmorgen|volgende (week|maand)|volgend jaar|vandaag|gisteren)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[-*•]\s+", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
ESCALATION_TEXT = {
    "sterke_boosheid": "De inwoner is erg boos.",
    "dreiging": "De inwoner dreigt.",
    "wanhoop": "De inwoner is wanhopig.",
    "zelfbeschadiging": "De inwoner praat over zichzelf iets aandoen.",
    "kwetsbaar": "De inwoner lijkt kwetsbaar.",
    "vastgelopen": "De inwoner zit al lang vast met het probleem.",
    "vraagt_mens": "De inwoner vraagt naar een leidinggevende of een andere persoon.",
}
TRANSFER_TEXT = {
    "zelfbeschadiging": (
        "Blijf aan de lijn. Verbind warm door naar de crisisdienst (113 of de OGGZ-dienst) "
        "en leg eerst zelf kort uit wat er speelt."
    ),
    "dreiging": "Verbind warm door naar de dienstdoende leidinggevende en meld de dreiging.",
    "wanhoop": "Bied aan om warm door te verbinden met een specialist die meer tijd heeft.",
    "kwetsbaar": "Bied aan om warm door te verbinden met het sociaal team.",
}
DEFAULT_TRANSFER = (
    "Bied aan om warm door te verbinden met de teamleider. Vat het gesprek eerst kort samen "
    "voor je collega, zodat de inwoner het niet opnieuw hoeft te vertellen."
)


class LiveInputError(InputError):
    """A turn that cannot be taken (unknown speaker, empty, too long, conversation closed)."""

    code = "live_invoer"


@dataclass(frozen=True, slots=True)
class Passage:
    article_id: str
    source: str
    title: str
    heading: str
    text: str

    @property
    def href(self) -> str:
        return f"/kennisbank/{self.article_id}?bron={self.source}"


@dataclass(frozen=True, slots=True)
class FollowUpQuestion:
    label: str  # "Vraag naar: verhuisdatum"
    why: str  # the bullet it comes from
    article: str


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # "escalatie" or "specialist"
    reasons: tuple[str, ...]
    transfer: str


@dataclass(frozen=True, slots=True)
class Suggestions:
    turns: int
    passages: tuple[Passage, ...]
    questions: tuple[FollowUpQuestion, ...]
    alert: Alert | None
    draft: dict[str, Any] | None
    elapsed_ms: float


@dataclass(frozen=True, slots=True)
class _Section:
    heading: str
    text: str
    lemmas: frozenset[str]


@dataclass(frozen=True, slots=True)
class _ChecklistItem:
    label: str
    text: str
    heading: str
    lemmas: frozenset[str]
    about_date: bool


@dataclass(frozen=True, slots=True)
class _ArticleInfo:
    id: str
    source: str
    title: str
    sections: tuple[_Section, ...]
    checklist: tuple[_ChecklistItem, ...]


def _flat(text: str) -> str:
    """Section text on one line: bullets become sentences."""
    return " ".join(_BULLET.sub("", text).split())


def _split_items(text: str) -> list[str]:
    """Bullets of a section; without bullets, its sentences."""
    parts = _BULLET.split(text) if _BULLET.search(text) else _SENTENCE.split(text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _salient(item: str, topic: frozenset[str]) -> str | None:
    """The most telling word of a checklist bullet: the longest non-topic, non-generic word."""
    best: str | None = None
    previous = ""
    for word in _WORD.findall(item):
        lowered, after = word.lower(), previous
        previous = lowered
        if len(lowered) < 5 or lowered in GENERIC or after in PRONOUNS:
            continue  # short, generic, or a verb after its subject ("die tellen niet mee")
        lemmas = terms(lowered)
        if not lemmas or lemmas[0] in topic or lemmas[0] in GENERIC:
            continue
        if lemmas[0] != lowered and (
            not lowered.startswith(lemmas[0]) or lowered.endswith(("er", "der"))
        ):
            continue  # a verb form or a comparative, not a thing to ask for
        if best is None or len(lowered) > len(best):
            best = lowered
    return best


def _checklist(article: Article, topic: frozenset[str]) -> tuple[_ChecklistItem, ...]:
    items: list[_ChecklistItem] = []
    labels: set[str] = set()
    for attribute, heading in CHECKLIST_SECTIONS:
        for item in _split_items(str(getattr(article, attribute) or "")):
            word = _salient(item, topic)
            if word is None or word in labels:
                continue
            labels.add(word)
            lemmas = frozenset(terms(word))
            items.append(
                _ChecklistItem(f"Vraag naar: {word}", item, heading, lemmas, "datum" in word)
            )
    return tuple(items)


_INFO: dict[tuple[str, str, str], _ArticleInfo] = {}
_INFO_MAX = 4096


def _article_info(article: Article) -> _ArticleInfo:
    topic = frozenset(terms(article.title + " " + " ".join(article.trefwoorden or [])))
    sections = tuple(
        _Section(heading, _flat(text), frozenset(terms(text)))
        for attribute, heading in PASSAGE_SECTIONS
        if (text := str(getattr(article, attribute) or "").strip())
    )
    return _ArticleInfo(
        article.source_id, article.source, article.title, sections, _checklist(article, topic)
    )


def article_info(article: Article) -> _ArticleInfo:
    """Sections with their lemmas and the checklist of an article (cached per content hash)."""
    key = (article.source, article.source_id, article.content_hash)
    info = _INFO.get(key)
    if info is None:
        if len(_INFO) >= _INFO_MAX:
            _INFO.clear()
        info = _INFO[key] = _article_info(article)
    return info


class _SearchCache:
    """Process-wide LRU of lexical search results keyed by the query's lemma set."""

    def __init__(self, size: int = SEARCH_CACHE) -> None:
        self._items: OrderedDict[frozenset[str], tuple[tuple[str, str], ...]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, session: Session, wanted: frozenset[str]) -> tuple[tuple[str, str], ...]:
        with self._lock:
            if wanted in self._items:
                self._items.move_to_end(wanted)
                return self._items[wanted]
        hits = search(session, " ".join(sorted(wanted)), limit=PASSAGES)
        top = hits[0].score if hits else 0.0
        found = tuple((h.source, h.id) for h in hits if h.score >= RELATIVE_SCORE * top)
        with self._lock:
            self._items[wanted] = found
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


SEARCH = _SearchCache()


@dataclass
class LiveSession:
    """The state of one live conversation; rebuilt from the stored turns after a restart."""

    contact_id: int
    uuid: str
    kanaal: str
    owner: int | None
    turns: list[Turn] = field(default_factory=list)
    analysed: list[AnalysedTurn] = field(default_factory=list)
    terms: list[frozenset[str]] = field(default_factory=list)  # kennisbank terms per turn
    lemmas: set[str] = field(default_factory=set)
    has_date: bool = False
    by_upl: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    searched: tuple[tuple[str, str], ...] = ()
    searched_terms: frozenset[str] = frozenset()
    last: Suggestions | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, turn: Turn) -> AnalysedTurn:
        """Add a stored turn: analyse it (once) and update the per-session caches."""
        said = analyse_turn(turn)
        self.turns.append(turn)
        self.analysed.append(said)
        self.terms.append(frozenset(terms(turn.text)))
        self.lemmas.update(self.terms[-1])
        self.has_date = self.has_date or bool(_DATE.search(turn.text))
        return said

    def transcript(self) -> Transcript:
        return Transcript(tuple(self.turns), kanaal=self.kanaal, source="live")


def _turn_of(row: ContactTurn) -> Turn:
    return Turn(row.speaker, row.text, row.at)


def load_session(session: Session, uuid: str) -> LiveSession | None:
    """The live session of a concept klantcontact from the database (None when unknown)."""
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None:
        return None
    owner = (contact.meta or {}).get("medewerker")
    live = LiveSession(contact.id, contact.uuid, contact.kanaal, owner)
    for row in contact.turns:
        live.remember(_turn_of(row))
    return live


class Registry:
    """Live sessions of this process by conversation uuid (bounded; evicted ones reload)."""

    def __init__(self, size: int = 5000) -> None:
        self._sessions: OrderedDict[str, LiveSession] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, database: Database, uuid: str) -> LiveSession | None:
        with self._lock:
            live = self._sessions.get(uuid)
            if live is not None:
                self._sessions.move_to_end(uuid)
                return live
        with database.session() as session:
            live = load_session(session, uuid)
        if live is None:
            return None
        with self._lock:
            live = self._sessions.setdefault(uuid, live)
            while len(self._sessions) > self._size:
                self._sessions.popitem(last=False)
        return live

    def drop(self, uuid: str) -> None:
        with self._lock:
            self._sessions.pop(uuid, None)


def start_conversation(
    session: Session, *, kanaal: str, owner_id: int, actor: str, audit_key: bytes
) -> str:
    """A concept klantcontact for a new live conversation of ``owner_id``; its uuid."""
    contact = Klantcontact(
        kanaal=kanaal,
        onderwerp=NEW_TOPIC,
        status="concept",
        meta={"bron": "live", "ai_concept": "ja", "medewerker": owner_id},
    )
    session.add(contact)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="live_gesprek_gestart",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={"kanaal": kanaal},
    )
    return contact.uuid


def _check_turn(speaker: str, text: str) -> tuple[str, str]:
    role = (speaker or "").strip().lower()
    if role not in SPEAKERS:
        raise LiveInputError("unknown speaker", speaker=role[:30])
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise LiveInputError("empty turn")
    if len(cleaned) > MAX_TURN_CHARS:
        raise LiveInputError("turn too long", limit=MAX_TURN_CHARS)
    return role, cleaned


def store_turn(database: Database, live: LiveSession, speaker: str, text: str) -> AnalysedTurn:
    """Store one turn on the concept klantcontact and commit it, before any computing."""
    role, cleaned = _check_turn(speaker, text)
    at = datetime.now(UTC)
    with database.session() as session:
        contact = session.get(Klantcontact, live.contact_id)
        if contact is None or contact.status != "concept":
            raise LiveInputError("conversation closed")
        if len(live.turns) >= MAX_TURNS:
            raise LiveInputError("too many turns", limit=MAX_TURNS)
        session.add(
            ContactTurn(
                klantcontact_id=live.contact_id,
                position=len(live.turns),
                speaker=role,
                text=cleaned,
                at=at,
            )
        )
    return live.remember(Turn(role, cleaned, at))


def _articles_for(session: Session, live: LiveSession, upls: Sequence[str]) -> list[Article]:
    keys: list[tuple[str, str]] = []
    for upl in upls:
        if upl not in live.by_upl:
            rows = session.execute(
                select(Article.source, Article.source_id).where(
                    Article.upl == upl, Article.status == "actief", Article.kind != "crisismelding"
                )
            )
            live.by_upl[upl] = tuple((r[0], r[1]) for r in rows)
        keys.extend(k for k in live.by_upl[upl] if k not in keys)
    if not keys:
        keys = list(_searched(session, live))
    return _load_articles(session, keys)


def _searched(session: Session, live: LiveSession) -> tuple[tuple[str, str], ...]:
    """Lexical search, only when a resident turn brought new words (debounced and cached)."""
    recent = zip(live.analysed[-RECENT_TURNS:], live.terms[-RECENT_TURNS:], strict=True)
    wanted = frozenset().union(*(found for said, found in recent if said.is_resident))
    if wanted and wanted != live.searched_terms:
        live.searched = SEARCH.get(session, wanted)
        live.searched_terms = wanted
    return live.searched


def _load_articles(session: Session, keys: Sequence[tuple[str, str]]) -> list[Article]:
    if not keys:
        return []
    ids = {k[1] for k in keys}
    rows = session.scalars(select(Article).where(Article.source_id.in_(ids)))
    by_key = {(a.source, a.source_id): a for a in rows}
    return [by_key[k] for k in keys if k in by_key]


def _passages(infos: Sequence[_ArticleInfo], recent: frozenset[str]) -> tuple[Passage, ...]:
    scored: list[tuple[float, int, Passage]] = []
    for rank, info in enumerate(infos):
        for number, section in enumerate(info.sections):
            overlap = len(section.lemmas & recent)
            score = overlap - 0.5 * rank - (0.2 * number if overlap else 0.5 + 0.3 * number)
            text = section.text if len(section.text) <= PASSAGE_CHARS else _cut(section.text)
            scored.append(
                (score, -rank, Passage(info.id, info.source, info.title, section.heading, text))
            )
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return tuple(p for _s, _r, p in scored[:PASSAGES])


def _cut(text: str) -> str:
    return text[:PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"


def _questions(infos: Sequence[_ArticleInfo], live: LiveSession) -> tuple[FollowUpQuestion, ...]:
    found: list[FollowUpQuestion] = []
    for info in infos:
        for item in info.checklist:
            mentioned = bool(item.lemmas & live.lemmas) or (item.about_date and live.has_date)
            if mentioned or any(q.label == item.label for q in found):
                continue
            found.append(FollowUpQuestion(item.label, f"{item.heading}: {item.text}", info.title))
            if len(found) == QUESTIONS:
                return tuple(found)
    return tuple(found)


def _alert(live: LiveSession, draft: dict[str, Any] | None) -> Alert | None:
    reasons: list[str] = []
    for said in live.analysed:
        if said.analysis.tone is not None:
            reasons.extend(r for r in said.analysis.tone.escalate_reasons if r not in reasons)
    if reasons:
        texts = tuple(ESCALATION_TEXT.get(r, r) for r in reasons)
        transfer = next((TRANSFER_TEXT[r] for r in reasons if r in TRANSFER_TEXT), DEFAULT_TRANSFER)
        return Alert("escalatie", texts, transfer)
    if draft is not None and draft.get("complex"):
        why = str(draft["explanations"]["complex"]["why"])
        upl = draft["vragen"][0]["upl"]
        transfer = f"Bied aan om warm door te verbinden met een specialist voor {upl}."
        return Alert("specialist", (why[0].upper() + why[1:] + ".",), transfer)
    return None


def _recent_lemmas(live: LiveSession) -> frozenset[str]:
    return frozenset().union(*live.terms[-RECENT_TURNS:])


def _upls(draft: dict[str, Any] | None) -> list[str]:
    if draft is None:
        return []
    explanations = draft["explanations"]
    return [
        vraag["upl"]
        for number, vraag in enumerate(draft["vragen"])
        if explanations.get(f"vragen[{number}].upl", {}).get("confidence", 0) >= UPL_CONFIDENCE
    ]


def compute_suggestions(session: Session, live: LiveSession) -> Suggestions:
    """Suggestions for the conversation so far (reads only; the turns are already stored)."""
    started = time.perf_counter()
    has_resident = any(t.speaker in RESIDENT_SPEAKERS for t in live.turns)
    draft = (
        draft_registration(live.transcript(), kanaal=live.kanaal, analysed=live.analysed)
        if has_resident
        else None
    )
    infos = [article_info(a) for a in _articles_for(session, live, _upls(draft))] if draft else []
    suggestions = Suggestions(
        turns=len(live.turns),
        passages=_passages(infos, _recent_lemmas(live)),
        questions=_questions(infos, live),
        alert=_alert(live, draft),
        draft=draft,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    live.last = suggestions
    return suggestions


def process_turn(
    database: Database,
    live: LiveSession,
    speaker: str,
    text: str,
    *,
    compute: Callable[[Session, LiveSession], Suggestions] | None = None,
) -> tuple[AnalysedTurn, Suggestions]:
    """Store the turn (committed), then compute the suggestions. A failure in computing
    leaves the stored turn in place."""
    with live.lock:
        turn = store_turn(database, live, speaker, text)
        with database.session() as session:
            suggestions = (compute or compute_suggestions)(session, live)
    return turn, suggestions


def current_suggestions(database: Database, live: LiveSession) -> Suggestions:
    """The latest suggestions (computed once after a restart or for the no-JS page)."""
    if live.last is not None and live.last.turns == len(live.turns):
        return live.last
    with live.lock, database.session() as session:
        return compute_suggestions(session, live)


def announcement(suggestions: Suggestions, *, linked: bool = False) -> str:
    """A short sentence for the screen reader's live region after a turn."""
    parts = [f"Nieuwe voorstellen na beurt {suggestions.turns}:"]
    count, found = len(suggestions.questions), len(suggestions.passages)
    parts.append(f"{count} {'vraag' if count == 1 else 'vragen'} om te stellen,")
    parts.append(f"{found} {'stuk' if found == 1 else 'stukken'} uit de kennisbank.")
    if suggestions.alert is not None:
        parts.append(
            "Let op: de inwoner heeft extra aandacht nodig."
            if suggestions.alert.kind == "escalatie"
            else "Let op: dit vraagt om een specialist."
        )
    if linked:
        parts.append("Eerdere contacten worden opnieuw gezocht.")
    return " ".join(parts)
