"""What live assist suggests after each turn of a conversation.

:func:`compute_suggestions` gives the employee:

- the most relevant kennisbank **passages**: the sections of the articles of the recognised UPL
  products, ranked by word overlap with the latest turns; when no article belongs to the
  recognised product, lexical kennisbank search (only on a resident turn that brings new words,
  cached per session and per process) — :mod:`reisgenoot.assist.articles`;
- **follow-up questions** from the Voorwaarden and Bewijs bullets of the main question's
  recognised product's own articles that the conversation has not touched yet, in the article's
  own words ("Vraag: gaat u bij iemand inwonen?", "Controleer: u woont in Voorbeeldstad op een
  vast adres", ADR 90), when the resident's intent (:mod:`reisgenoot.assist.intent`) is one
  they help with — applying, asking what is needed, or what the article itself treats; for
  another intent (a report, a complaint, asking after their own case) the sections that treat
  it, or none; never from a search hit on another topic or a second, less certain product;
- an **alert** when the resident's tone escalates or the topic needs a specialist, with a
  warm-transfer suggestion;
- the **registration draft** as it grows (:func:`draft_registration` on the turns so far, from
  the analyses the session keeps: no turn is analysed again).

It only reads: the turns are already stored. Nothing here confirms a registration: that is the
review gate's explicit step by a person (:mod:`reisgenoot.assist.review`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.assist import tables
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.articles import (
    SEARCH,
    FollowUpQuestion,
    Passage,
    article_info,
    passages,
    questions,
)
from reisgenoot.assist.conversation import LiveSession
from reisgenoot.assist.intent import resident_intent
from reisgenoot.assist.registration import draft_registration
from reisgenoot.knowledge.models import Article

RECENT_TURNS = 4
UPL_CONFIDENCE = 0.35
_DATA = tables.load("suggestions.yaml")
ESCALATION_TEXT: dict[str, str] = _DATA["escalation_text"]
TRANSFER_TEXT: dict[str, str] = _DATA["transfer_text"]
DEFAULT_TRANSFER: str = _DATA["default_transfer"]


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
    uuid: str = ""  # the conversation: source links go through it (reliance: source opened)
    self_first: bool = False  # "eerst zelf, dan AI": the draft is not shown during the talk


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


def _alert(live: LiveSession, draft: dict[str, Any] | None) -> Alert | None:
    return handoff_advice(live.analysed, draft)


def handoff_advice(
    analysed: Sequence[AnalysedTurn], draft: Mapping[str, Any] | None
) -> Alert | None:
    """The advice to hand the conversation over (warm transfer): the resident's tone
    escalates, or the topic needs a specialist. The review gate records whether the
    registration followed it (:func:`advice_followed`)."""
    reasons: list[str] = []
    for said in analysed:
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


HANDED_OVER = ("Doorverbonden", "Verwezen")


def advice_followed(outcomes: Sequence[str], has_task: bool) -> bool:
    """Whether a registration followed a hand-off advice: a question was transferred or
    referred on, or the conversation left an interne taak for a colleague."""
    return has_task or any(outcome.startswith(HANDED_OVER) for outcome in outcomes)


def _upls(draft: dict[str, Any] | None) -> list[str]:
    if draft is None:
        return []
    explanations = draft["explanations"]
    return [
        vraag["upl"]
        for number, vraag in enumerate(draft["vragen"])
        if explanations.get(f"vragen[{number}].upl", {}).get("confidence", 0) >= UPL_CONFIDENCE
    ]


def _main_upl(draft: dict[str, Any] | None, upls: Sequence[str]) -> str | None:
    """The main question's product when it is recognised with enough confidence."""
    if draft is None or not draft["vragen"]:
        return None
    main = str(draft["vragen"][0]["upl"])
    return main if main in upls else None


def compute_suggestions(session: Session, live: LiveSession) -> Suggestions:
    """Suggestions for the conversation so far (reads only; the turns are already stored)."""
    started = time.perf_counter()
    has_resident = any(said.is_resident for said in live.analysed)
    draft = (
        draft_registration(live.transcript(), kanaal=live.kanaal, analysed=live.analysed)
        if has_resident
        else None
    )
    upls = _upls(draft)
    articles = _articles_for(session, live, upls) if draft else []
    infos = [article_info(a) for a in articles]
    # Follow-up questions only from the main question's recognised product's own articles: a
    # search hit on another topic or a second, less certain product may show a passage, but
    # never decides what to ask (ADR 90).
    main = _main_upl(draft, upls)
    own = [info for a, info in zip(articles, infos, strict=True) if a.upl == main]
    suggestions = Suggestions(
        turns=len(live.analysed),
        passages=passages(infos, frozenset().union(*live.terms[-RECENT_TURNS:])),
        questions=questions(
            own, live.lemmas, live.has_date, resident_intent(live.analysed, live.intents)
        ),
        alert=_alert(live, draft),
        draft=draft,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
        uuid=live.uuid,
        self_first=live.self_first,
    )
    live.last = suggestions
    return suggestions


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
