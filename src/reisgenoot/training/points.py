"""The points of the feedback: strengths first, then at most three growth points.

Every growth point quotes one of the trainee's own lines and gives a better example (from
the scenario's ``voorbeelden``, or the trainee's own line in plain words). The Dutch texts
are templates in ``data/feedback.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reisgenoot.training.analysis import matches_any
from reisgenoot.training.datafiles import texts
from reisgenoot.training.rubric import Judgement, asked_facts
from reisgenoot.training.rubric_grounding import article_value
from reisgenoot.training.rubric_statements import contradicted
from reisgenoot.training.scenario import Fact
from reisgenoot.training.simulator import Session
from reisgenoot.training.turns import Exchange

__all__ = ["MAX_GROWTH", "GrowthPoint", "Strength", "agrees", "growth", "strengths"]

MAX_GROWTH = 3
_TEXTS: Mapping[str, Any] = texts("feedback.yaml")


def _strong(key: str, **values: object) -> str:
    return str(_TEXTS["sterk"][key]).format(**values)


def _grow(key: str, part: str = "waarom", **values: object) -> str:
    return str(_TEXTS["groei"][key][part]).format(**values)


@dataclass(frozen=True, slots=True)
class Strength:
    skill: str
    text: str
    quote: str | None = None
    criterion: str | None = None
    """The rubric criterion this praise is about (``None``: none of the five)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "vaardigheid": self.skill,
            "tekst": self.text,
            "citaat": self.quote,
            "criterium": self.criterion,
        }


@dataclass(frozen=True, slots=True)
class GrowthPoint:
    skill: str
    title: str
    quote: str
    why: str
    better: str
    criterion: str | None = None
    """The rubric criterion this growth point is about (``None``: none of the five)."""
    kind: str = "algemeen"
    """As a rubric statement's: ``fout`` for a stated error, ``ontbreekt`` for an omission."""

    def to_dict(self) -> dict[str, object]:
        return {
            "vaardigheid": self.skill,
            "titel": self.title,
            "citaat": self.quote,
            "waarom": self.why,
            "beter": self.better,
            "criterium": self.criterion,
        }


def _first(session: Session, test: Callable[[Exchange], bool]) -> Exchange | None:
    return next((exchange for exchange in session.exchanges if test(exchange)), None)


# --- strengths ------------------------------------------------------------------------------


def _strength_empathy(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.acknowledges and not e.analysis.dismissive)
    if found is None:
        return None
    words = ", ".join(found.analysis.grounded_words[:3])
    return Strength("empathie", _strong("empathie", woorden=words), found.trainee, "empathie")


def _strength_summary(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.summary)
    if found is None:
        return None
    return Strength("samenvatten", _strong("samenvatten"), found.trainee, "samenvatten")


def _strength_questions(session: Session) -> Strength | None:
    found = _first(session, lambda e: bool(e.analysis.open_questions))
    if found is None:
        return None
    return Strength("doorvragen", _strong("doorvragen"), found.analysis.open_questions[0], "vragen")


def _strength_information(session: Session) -> Strength | None:
    if not session.explained:
        return None
    found = _first(session, lambda e: bool(e.resident.explained) and not e.analysis.wrong_claims)
    items = [
        item.omschrijving
        for item in session.scenario.checklist.uitleggen
        if item.id in session.explained
    ]
    key = "informatie" if session.reference.complete else "informatie_niet_gecontroleerd"
    said = found.trainee if found else None
    return Strength("informatie", _strong(key, uitleg=items[0]), said, "feiten")


def _strength_close(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.close_check)
    if found is None:
        return None
    return Strength("afsluiting", _strong("afsluiting"), found.trainee, "afsluiten")


def _strength_b1(session: Session, scores: dict[str, int]) -> Strength | None:
    if scores["b1"] < 90 or not session.exchanges:
        return None
    return Strength("b1", _strong("b1"))


def strengths(
    session: Session, scores: dict[str, int], rubric: Judgement | None = None
) -> list[Strength]:
    """What went well (at most four); something, whenever the trainee said anything.

    With the ``rubric`` of the same conversation, praise its level contradicts is left out
    (no "Je stelde een open vraag" beside vragen 0 of 2).
    """
    candidates = [
        _strength_empathy(session),
        _strength_summary(session),
        _strength_information(session),
        _strength_questions(session),
        _strength_close(session),
        _strength_b1(session, scores),
    ]
    found = [
        item
        for item in candidates
        if item is not None and agrees(item.criterion, True, "algemeen", rubric)
    ]
    if found:
        return found[:4]
    if session.exchanges:
        return [Strength("inzet", _strong("inzet"), session.exchanges[0].trainee)]
    return []


# --- growth points ---------------------------------------------------------------------------


def _plain_version(line: str, pairs: list[tuple[str, str]]) -> str | None:
    better = line
    for found, plain in pairs:
        better = re.sub(re.escape(found), plain, better, flags=re.IGNORECASE)
    return better if better != line else None


def _growth_dismissive(session: Session) -> GrowthPoint | None:
    found = _first(session, lambda e: bool(e.analysis.dismissive))
    if found is None:
        return None
    return GrowthPoint(
        "toon",
        _grow("afwijzend", "titel"),
        found.trainee,
        _grow("afwijzend", zin=found.analysis.dismissive[0]),
        session.scenario.voorbeelden.erkennen,
        "empathie",
    )


def _growth_wrong(session: Session) -> GrowthPoint | None:
    found = _first(
        session,
        lambda e: bool(e.analysis.wrong_claims or e.wrong_statements or e.analysis.overpromise),
    )
    if found is None:
        return None
    if found.wrong_statements:
        why = found.wrong_statements[0]
    elif found.analysis.wrong_claims:
        claim = found.analysis.wrong_claims[0]
        value = article_value(claim, found.trainee, session.reference.texts)
        why = (
            _grow("onjuist", "bedrag", bedrag=claim.text)
            if value is None
            else _grow("onjuist", "bedrag_artikel", bedrag=claim.text, waarde=value)
        )
    else:
        why = _grow("onjuist", "belofte", belofte=found.analysis.overpromise[0])
    return GrowthPoint(
        "juistheid",
        _grow("onjuist", "titel"),
        found.trainee,
        f"{why} {_grow('onjuist', 'advies')}",
        session.scenario.voorbeelden.uitleg,
        "feiten",
        "fout",
    )


def _growth_jargon(session: Session) -> GrowthPoint | None:
    found = _first(session, lambda e: e.analysis.uses_jargon or bool(e.analysis.non_b1_sentences))
    if found is None:
        return None
    analysis = found.analysis
    words = analysis.jargon + [pair[0] for pair in analysis.plain]
    why = _grow("taal", "woorden", woorden=", ".join(words)) if words else _grow("taal", "zin")
    better = (
        _plain_version(found.trainee, analysis.plain)
        if analysis.plain and not analysis.jargon
        else None
    )
    return GrowthPoint(
        "b1",
        _grow("taal", "titel"),
        found.trainee,
        f"{why} {_grow('taal', 'advies')}",
        better or session.scenario.voorbeelden.uitleg,
    )


_PERSON = {"hij": "u", "zij": "u", "ze": "u", "zijn": "uw", "haar": "uw", "hem": "u"}
_PERSON.update(dict.fromkeys(("hijzelf", "zijzelf", "haarzelf", "hemzelf", "zichzelf"), "uzelf"))
_THIRD_PERSON = re.compile(rf"\b(?:{'|'.join(_PERSON)})\b")  # a word of _PERSON, whole


def ask_about(fact: Fact, example: str) -> str:
    """A question about a fact the trainee did not ask: the scenario's example if it is about
    that fact, else one made from the fact's description ("of hij een ander ID-bewijs heeft
    (ja, zijn rijbewijs)" → "Mag ik vragen of u een ander ID-bewijs heeft?")."""
    if matches_any(example, fact.vraagwoorden):
        return example
    topic = re.sub(r"\s*\([^)]*\)", "", fact.omschrijving).strip().rstrip(".")
    topic = _THIRD_PERSON.sub(lambda m: _PERSON[m.group(0)], topic)
    return f"Mag ik vragen {topic}?"


def _growth_missing(session: Session) -> GrowthPoint | None:
    """The first scenario fact the trainee neither asked about nor was told."""
    asked = asked_facts(session.scenario, [e.analysis for e in session.exchanges])
    missing_facts = [
        f
        for f in session.scenario.checklist.uitvragen
        if f not in session.revealed and f not in asked
    ]
    if not missing_facts or not session.exchanges:
        return None
    fact = session.scenario.fact(missing_facts[0])
    return GrowthPoint(
        "volledigheid",
        _grow("doorvragen", "titel"),
        _before_closing(session),
        _grow("doorvragen", feit=fact.omschrijving),
        ask_about(fact, session.scenario.voorbeelden.doorvragen),
        "vragen",
    )


def _before_closing(session: Session) -> str:
    """Where an omission shows: the trainee's last turn that is not only the closing (a check
    question or a goodbye), else the last turn."""
    for exchange in reversed(session.exchanges):
        if not (exchange.analysis.close_check or exchange.analysis.goodbye):
            return exchange.trainee
    return session.exchanges[-1].trainee


def _growth_unexplained(session: Session) -> GrowthPoint | None:
    """The points of the scenario the trainee did not explain."""
    missing_items = [
        item for item in session.scenario.checklist.uitleggen if item.id not in session.explained
    ]
    if not missing_items or not session.exchanges:
        return None
    names = "; ".join(item.omschrijving for item in missing_items[:2])
    return GrowthPoint(
        "volledigheid",
        _grow("uitleg_ontbreekt", "titel"),
        _before_closing(session),
        _grow("uitleg_ontbreekt", punten=names),
        session.scenario.voorbeelden.uitleg,
        "feiten",
        "ontbreekt",
    )


def _growth_summary(session: Session) -> GrowthPoint | None:
    if any(e.analysis.summary for e in session.exchanges) or len(session.exchanges) < 2:
        return None
    target = max(session.exchanges[:-1], key=lambda e: len(e.resident.text))
    example = session.scenario.voorbeelden.samenvatten
    if _names_untold(example, session):
        example = _grow("samenvatten", "zonder_voorbeeld")
    return GrowthPoint(
        "samenvatten",
        _grow("samenvatten", "titel"),
        target.trainee,
        _grow("samenvatten"),
        example,
        "samenvatten",
    )


_VALUE = re.compile(r"\(([^)]*)\)")


def _names_untold(example: str, session: Session) -> bool:
    """Whether ``example`` names what the resident of this session never told: the answer of a
    fact not revealed (its part in brackets, "(drie jaar)"), as a phrase or by a long word that
    no resident line used."""
    said = " ".join(session.resident_lines()).lower()
    said_words = set(re.findall(r"\w+", said))
    text = example.lower()
    words = set(re.findall(r"\w+", text))
    for fact in session.scenario.feiten:
        if fact.id in session.revealed:
            continue
        for value in _VALUE.findall(fact.omschrijving.lower()):
            phrases = [p.strip() for p in re.split(r"[;,]", value) if len(p.strip()) >= 4]
            if any(p in text and p not in said for p in phrases):
                return True
            long = {w for w in re.findall(r"\w+", value) if len(w) >= 6}
            if (long & words) - said_words:
                return True
    return False


def _growth_empathy(session: Session) -> GrowthPoint | None:
    if any(e.analysis.acknowledges for e in session.exchanges) or not session.exchanges:
        return None
    hollow = _first(session, lambda e: e.analysis.hollow)
    target = hollow or session.exchanges[0]
    why = _grow("erkennen", "leeg" if hollow else "niet")
    return GrowthPoint(
        "empathie",
        _grow("erkennen", "titel"),
        target.trainee,
        f"{why} {_grow('erkennen', 'advies')}",
        session.scenario.voorbeelden.erkennen,
        "empathie",
    )


def _growth_close(session: Session) -> GrowthPoint | None:
    if any(e.analysis.close_check for e in session.exchanges) or not session.exchanges:
        return None
    return GrowthPoint(
        "afsluiting",
        _grow("afsluiten", "titel"),
        session.exchanges[-1].trainee,
        _grow("afsluiten"),
        session.scenario.voorbeelden.afsluiten,
        "afsluiten",
    )


def _growth_canned(session: Session) -> GrowthPoint | None:
    found = _first(
        session, lambda e: bool(e.analysis.canned or e.analysis.repeated or e.analysis.informal)
    )
    if found is None:
        return None
    if found.analysis.informal:
        better = re.sub(r"\b(je|jij|jou)\b", "u", found.trainee, flags=re.IGNORECASE)
        better = re.sub(r"\bjouw\b", "uw", better, flags=re.IGNORECASE)
        return GrowthPoint(
            "toon", _grow("je_vorm", "titel"), found.trainee, _grow("je_vorm"), better
        )
    return GrowthPoint(
        "toon",
        _grow("standaardtekst", "titel"),
        found.trainee,
        _grow("standaardtekst"),
        session.scenario.voorbeelden.uitleg,
    )


def agrees(criterion: str | None, positive: bool, kind: str, rubric: Judgement | None) -> bool:
    """Whether a point about ``criterion`` fits the rubric's level of it (or there is none).

    The rule is the bench's for a wrong statement (:func:`.rubric_statements.contradicted`),
    applied to the rubric's own judgement: no praise beside the lowest level, no growth point
    beside the highest, no "wrong information" beside facts that are not ``fout``.
    """
    if rubric is None or criterion is None:
        return True
    return not contradicted(criterion, positive, kind, rubric.scores()[criterion])


def growth(session: Session, rubric: Judgement | None = None) -> list[GrowthPoint]:
    """At most three growth points, one per skill, the most important first.

    With the ``rubric`` of the same conversation, a growth point its level contradicts is left
    out (e.g. no "Erkennen" beside empathie 2, no "Doorvragen" beside vragen 2), so one page
    never praises and criticises the same thing.
    """
    candidates = [
        _growth_dismissive(session),
        _growth_wrong(session),
        _growth_missing(session),
        _growth_unexplained(session),
        _growth_jargon(session),
        _growth_empathy(session),
        _growth_summary(session),
        _growth_close(session),
        _growth_canned(session),
    ]
    result: list[GrowthPoint] = []
    for item in candidates:
        if item is None or not agrees(item.criterion, False, item.kind, rubric):
            continue
        if all(item.skill != chosen.skill for chosen in result):
            result.append(item)
    return result[:MAX_GROWTH]
