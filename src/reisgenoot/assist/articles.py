"""The kennisbank side of live suggestions: passages and follow-up questions from articles.

- :func:`article_info` prepares an article once per content version: its sections with their
  lemmas, and its **checklist** — each Voorwaarden and Bewijs bullet as a short check
  (:mod:`reisgenoot.assist.checks`: "Controleer: u geeft de verhuizing door vanaf 4 weken vóór
  de verhuisdatum"), answered once the bullet's most telling word or, for a date, a date comes
  up;
- :func:`passages` ranks the sections of the conversation's articles by word overlap with the
  latest turns;
- :func:`questions` gives the checklist items the conversation has not touched yet — when the
  resident's intent (:func:`reisgenoot.assist.intent.resident_intent`) is one the checklist helps
  with; otherwise items of the sections that treat that intent, or none;
- :data:`SEARCH` is the process-wide cache of lexical kennisbank searches, for conversations
  whose product has no article of its own.

Word lists and headings: ``assist/data/suggestions.yaml``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reisgenoot.assist import tables
from reisgenoot.assist.checks import check_label
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.search import search, terms
from reisgenoot.knowledge.understanding import INTENTS, query_models
from reisgenoot.language.text import shorten, words

PASSAGES = 3
QUESTIONS = 3
PASSAGE_CHARS = 320
SEARCH_CACHE = 2048
RELATIVE_SCORE = 0.4  # drop search hits far below the best one
INFO_CACHE = 4096
_DATA = tables.load("suggestions.yaml")
PASSAGE_SECTIONS: tuple[tuple[str, str], ...] = tuple(
    (attribute, heading) for attribute, heading in _DATA["passage_sections"]
)
CHECKLIST_SECTIONS: tuple[tuple[str, str], ...] = tuple(
    (attribute, heading) for attribute, heading in _DATA["checklist_sections"]
)
_INTENT_QUESTIONS = _DATA["intent_questions"]
APPLICATION = frozenset(_INTENT_QUESTIONS["application"])
FIT = float(_INTENT_QUESTIONS["fit"])
TREATS_SURE = 0.5  # an article's title reading counts when the head is at least this sure
INTENT_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    intent: tuple((attribute, heading) for attribute, heading in pairs)
    for intent, pairs in _INTENT_QUESTIONS["sections"].items()
}
GENERIC = frozenset(_DATA["generic_words"])
PRONOUNS = frozenset(_DATA["pronouns"])
_BULLET = re.compile(r"^\s*[-*•]\s+", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


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
    label: str  # "Vraag: gaat u bij iemand inwonen?"
    why: str  # the section and the bullet it comes from ("Voorwaarden: Gaat u …")
    article: str
    detail: str = ""  # the hint shown under it: the bullet when the label leaves part out

    @property
    def hint(self) -> str:
        return self.detail or self.why


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
    complete: bool = False  # the label says all the bullet says


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    source: str
    title: str
    sections: tuple[_Section, ...]
    checklist: tuple[_ChecklistItem, ...]
    treats: str = "procedure"  # the intent the article itself treats (of its title)
    by_intent: Mapping[str, tuple[_ChecklistItem, ...]] | None = None  # INTENT_SECTIONS' items


def _flat(text: str) -> str:
    """Section text on one line: bullets become sentences."""
    return " ".join(_BULLET.sub("", text).split())


def _split_items(text: str) -> list[str]:
    """Bullets of a section; without bullets, its sentences."""
    parts = _BULLET.split(text) if _BULLET.search(text) else _SENTENCE.split(text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _salient(item: str, topic: frozenset[str]) -> str | None:
    """The most telling word of a checklist bullet: the longest non-topic, non-generic word.
    It decides when the conversation has answered the item (the label is the bullet itself)."""
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


def _checklist(
    article: Article,
    topic: frozenset[str],
    sections: Sequence[tuple[str, str]] = CHECKLIST_SECTIONS,
) -> tuple[_ChecklistItem, ...]:
    checklist = sections is CHECKLIST_SECTIONS
    items: list[_ChecklistItem] = []
    labels: set[str] = set()
    for attribute, heading in sections:
        for item in _split_items(str(getattr(article, attribute) or "")):
            word = _salient(item, topic)
            if word is None or word in labels:
                continue
            label = check_label(item, heading, checklist=checklist)
            if label is None:
                continue
            labels.add(word)
            lemmas = frozenset(terms(word))
            complete = set(words(item)) <= set(words(label))
            items.append(_ChecklistItem(label, item, heading, lemmas, "datum" in word, complete))
    return tuple(items)


_INFO: dict[tuple[str, str, str], ArticleInfo] = {}


def _article_info(article: Article) -> ArticleInfo:
    topic = frozenset(terms(article.title + " " + " ".join(article.trefwoorden or [])))
    sections = tuple(
        _Section(heading, _flat(text), frozenset(terms(text)))
        for attribute, heading in PASSAGE_SECTIONS
        if (text := str(getattr(article, attribute) or "").strip())
    )
    return ArticleInfo(
        article.source_id,
        article.source,
        article.title,
        sections,
        _checklist(article, topic),
        _treats(article.title),
        {intent: _checklist(article, topic, pairs) for intent, pairs in INTENT_SECTIONS.items()},
    )


def _treats(title: str) -> str:
    """The intent an article treats: the learned intent head's reading of its title ("procedure",
    an application, when the head is unsure)."""
    models = query_models()
    if models is None:
        return "procedure"
    profile = models.intent_profiles([title], [None])[0]
    best = int(profile.argmax())
    return INTENTS[best] if profile[best] >= TREATS_SURE else "procedure"  # unsure: applying


def _fitting(info: ArticleInfo, intent: Mapping[str, float] | None) -> tuple[_ChecklistItem, ...]:
    """The items of ``info`` that help with the resident's ``intent``: the checklist when the
    resident applies or asks what is needed, or asks what this article itself treats; else the
    items of the sections that treat the resident's top intent (none when there are none)."""
    if intent is None:
        return info.checklist
    share = sum(p for name, p in intent.items() if name in APPLICATION)
    if info.treats not in APPLICATION:
        share += intent.get(info.treats, 0.0)
    if share >= FIT:
        return info.checklist
    top = max(intent, key=lambda name: intent[name])
    return (info.by_intent or {}).get(top, ())


def article_info(article: Article) -> ArticleInfo:
    """Sections with their lemmas and the checklist of an article (cached per content hash)."""
    key = (article.source, article.source_id, article.content_hash)
    info = _INFO.get(key)
    if info is None:
        if len(_INFO) >= INFO_CACHE:
            _INFO.clear()
        info = _INFO[key] = _article_info(article)
    return info


class _SearchCache:
    """Process-wide LRU of lexical search results keyed by the database and the query's lemma
    set (municipalities in one process each have their own database, ADR 29)."""

    def __init__(self, size: int = SEARCH_CACHE) -> None:
        self._items: OrderedDict[tuple[str, frozenset[str]], tuple[tuple[str, str], ...]] = (
            OrderedDict()
        )
        self._size = size
        self._lock = threading.Lock()

    def get(self, session: Session, wanted: frozenset[str]) -> tuple[tuple[str, str], ...]:
        key = (str(session.get_bind().engine.url), wanted)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        hits = search(session, " ".join(sorted(wanted)), limit=PASSAGES)
        top = hits[0].score if hits else 0.0
        found = tuple((h.source, h.id) for h in hits if h.score >= RELATIVE_SCORE * top)
        with self._lock:
            self._items[key] = found
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


SEARCH = _SearchCache()


def passages(infos: Sequence[ArticleInfo], recent: frozenset[str]) -> tuple[Passage, ...]:
    """The best sections of the articles for the latest turns' words (``recent``)."""
    scored: list[tuple[float, int, Passage]] = []
    for rank, info in enumerate(infos):
        for number, section in enumerate(info.sections):
            overlap = len(section.lemmas & recent)
            score = overlap - 0.5 * rank - (0.2 * number if overlap else 0.5 + 0.3 * number)
            text = shorten(section.text, PASSAGE_CHARS)
            scored.append(
                (score, -rank, Passage(info.id, info.source, info.title, section.heading, text))
            )
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return tuple(p for _s, _r, p in scored[:PASSAGES])


def questions(
    infos: Sequence[ArticleInfo],
    said: set[str],
    has_date: bool,
    intent: Mapping[str, float] | None = None,
) -> tuple[FollowUpQuestion, ...]:
    """Items that help with the resident's ``intent`` (intent name → probability; None: the
    checklist) whose words (``said``: all words of the conversation) or date have not come up
    yet."""
    found: list[FollowUpQuestion] = []
    for info in infos:
        for item in _fitting(info, intent):
            mentioned = bool(item.lemmas & said) or (item.about_date and has_date)
            if mentioned or any(q.label == item.label for q in found):
                continue
            why = f"{item.heading}: {item.text}"
            detail = f"Uit {info.title} ({item.heading.lower()})" if item.complete else why
            found.append(FollowUpQuestion(item.label, why, info.title, detail))
            if len(found) == QUESTIONS:
                return tuple(found)
    return tuple(found)
