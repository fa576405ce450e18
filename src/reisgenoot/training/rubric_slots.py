"""Slot-based fact checking: does a trainee's claim say the opposite of the scenario's claim?

Word and number grounding (:mod:`.rubric_grounding`) sees a value that is in no source, but
not a claim that contradicts the scenario in meaning: "aangifte moet eerst" where the article
says it is not required, "hij werkt direct" where the scenario says within 2 working days, "het
kost een eigen bijdrage" where help is free, "5 werkdagen" where this case takes 10. This
module splits the trainee's statements and the sources into clauses and reads from each clause
the *slots* it fills (``training/data/feitslots.yaml``): is something needed (``nodig``), is it
allowed (``mag``), does it cost money (``kosten``), is it immediate or later (``snel``), is the
only channel online (``kanaal``), and which amounts, terms and times it names. A trainee clause
conflicts with the sources when the clauses about the same thing (sharing its topic words,
compound-aware: "vergunning" and "terrasvergunning") fill the same slot the other way, and
none fills it the same way as well. The scenario's own texts come first; the article only
when the scenario says nothing about the topic (an article value for another case is the
typical confusion).

**Not used by the rubric** (ADR 52): as a feature and anchor of the learned ``feiten`` level it
raised cross-validated blind dev κ from .650 to .800 but lowered blind test κ from .472 to
.438, so it was not adopted. It is kept, with its tests, for a next attempt (for instance with
broad generated training data); each conflicting clause is kept so feedback could quote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from reisgenoot.language.text import lemma, words
from reisgenoot.training.analysis import NUMBER_WORDS, STOPWORDS, extract_claims
from reisgenoot.training.datafiles import patterns, strings

__all__ = ["Clause", "SlotCheck", "check_slots", "clauses_of"]

_FILE = "feitslots.yaml"
_CLAUSE = re.compile(
    r"(?<=[.!?;:])\s+|\n+|,\s+(?!zoals\b)|\s+(?=(?:maar|anders|want|omdat|zodat)\b)"
)
_INDIRECT = re.compile(r"^(en |of )?(wat|hoe|of|wanneer|waar|welke|wie|waarom)\b", re.I)
"""A clause that starts like an indirect question ("en wat het kost") claims nothing."""
_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)", re.I)
_NOT_ONLY = re.compile(r"\bniet (alleen|enkel)\b")
""""niet alleen" means "also": such a clause adds something rather than claiming a slot."""
_ABOUT = re.compile(r"\buur of (\w+)", re.IGNORECASE)
""""een uur of zes": a clock time said roughly."""
_MATCH = 0.5
"""Share of the smaller topic two clauses must share to be about the same thing."""
_STEM = 5
"""A topic word this long that starts or ends another counts as shared (compounds)."""


@cache
def _slot_words() -> frozenset[str]:
    return frozenset(strings(_FILE, "slotwoorden"))


def _has(key: str, text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns(_FILE, key))


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: its topic words and the sides of the slots it fills."""

    text: str
    topic: frozenset[str]
    sides: tuple[tuple[str, str], ...]
    values: frozenset[str]


def _topic(text: str) -> frozenset[str]:
    found: set[str] = set()
    for word in words(text.lower()):
        if len(word) < 4 or not word.isalpha() or word in STOPWORDS or word in _slot_words():
            continue
        base = lemma(word)
        if base not in STOPWORDS and base not in _slot_words():
            found.add(base)
    return frozenset(found)


def _sides(text: str, *, trainee: bool) -> tuple[tuple[str, str], ...]:
    lowered = text.lower()
    if _NOT_ONLY.search(lowered):
        return ()
    negated = _has("negatie", lowered)
    sides: list[tuple[str, str]] = []
    if _has("nodig", lowered):
        sides.append(("nodig", "nee" if negated else "ja"))
    if _has("mag", lowered):
        sides.append(("mag", "nee" if negated else "ja"))
    if _has("kosten_gratis", lowered):
        sides.append(("kosten", "gratis"))
    elif _has("kosten_betaald", lowered):
        sides.append(("kosten", "gratis" if negated else "betaald"))
    direct, later = _has("snel_direct", lowered), _has("snel_later", lowered)
    if direct and not later:
        sides.append(("snel", "later" if negated else "direct"))
    elif later and not direct:
        sides.append(("snel", "later"))
    online, other = _has("kanaal_online", lowered), _has("kanaal_anders", lowered)
    if online and not other and (not trainee or _has("alleen", lowered)):
        sides.append(("kanaal", "online"))
    elif other and not online:
        sides.append(("kanaal", "anders"))
    return tuple(sides)


def _values(text: str) -> frozenset[str]:
    found: set[str] = set()
    for claim in extract_claims(text):
        found.add(f"{claim.kind}:{claim.value}")
    for match in _ABOUT.finditer(text):
        hour = NUMBER_WORDS.get(match.group(1).lower())
        if hour is not None:
            found.add(f"tijd:{hour}:00")
    return frozenset(found)


def clauses_of(text: str, *, trainee: bool = False) -> list[Clause]:
    """The clauses of ``text``; a clause without topic words borrows the previous one's."""
    found: list[Clause] = []
    previous: frozenset[str] = frozenset()
    for part in _CLAUSE.split(text):
        part = part.strip()
        if not part or part.endswith("?") or (trainee and _INDIRECT.match(part)):
            continue
        topic = _topic(part)
        if not topic and not trainee:
            topic = previous
        found.append(Clause(part, topic, _sides(part, trainee=trainee), _values(part)))
        previous = topic or previous
    return found


def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller topic that the other one has, compound-aware."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    hits = 0
    for word in small:
        if word in large or any(_compound(word, other) for other in large):
            hits += 1
    return hits / len(small)


def _compound(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= _STEM and (long.startswith(short) or long.endswith(short))


def _unit(value: str) -> str:
    kind, _, rest = value.partition(":")
    return f"{kind}:{rest.split(' ', 1)[1]}" if kind == "termijn" and " " in rest else kind


@dataclass(slots=True)
class SlotCheck:
    """Conflicts per conversation and the trainee clauses behind them."""

    claims: int = 0
    values: int = 0
    days: int = 0
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    """(trainee turn text, ``strijdig``/``anderewaarde``/``anderedag``, clause or value)."""

    def features(self) -> dict[str, float]:
        return {
            "slot_claims": float(self.claims),
            "slot_values": float(self.values),
            "slot_days": float(self.days),
            "slot_conflicts": float(self.claims + self.values + self.days),
            "slot_any": float(self.claims + self.values + self.days > 0),
        }


def _claim_conflict(clause: Clause, slot: str, side: str, pools: Sequence[list[Clause]]) -> bool:
    for pool in pools:
        same = other = 0.0
        for source in pool:
            for source_slot, source_side in source.sides:
                if source_slot != slot:
                    continue
                share = _shared(clause.topic, source.topic) if clause.topic else 1.0
                if share < _MATCH:
                    continue
                if source_side == side:
                    same = max(same, share)
                else:
                    other = max(other, share)
        if same or other:
            return other > same
    return False


def _value_conflict(value: str, clause: Clause, pool: Sequence[Clause]) -> bool:
    unit = _unit(value)
    for source in pool:
        if not any(_unit(v) == unit and v != value for v in source.values):
            continue
        if not clause.topic or _shared(clause.topic, source.topic) >= _MATCH:
            return True
    return False


def check_slots(
    trainee_turns: Sequence[tuple[str, frozenset[str]]],
    scenario_texts: Sequence[str],
    article_texts: Sequence[str],
    known: frozenset[str],
) -> SlotCheck:
    """Compare every statement clause of the trainee with the scenario's and article's clauses.

    ``trainee_turns`` holds each trainee turn's text with the values the resident had said
    before it (those may be repeated).
    """
    scenario = [c for text in scenario_texts for c in clauses_of(text)]
    article = [c for text in article_texts for c in clauses_of(text)]
    scenario_days = {d.lower() for text in scenario_texts for d in _WEEKDAY.findall(text)}
    result = SlotCheck()
    for text, heard in trainee_turns:
        for clause in clauses_of(text, trainee=True):
            for slot, side in clause.sides:
                if _claim_conflict(clause, slot, side, (scenario, article)):
                    result.claims += 1
                    result.conflicts.append((text, "strijdig", clause.text))
                    break
            for value in sorted(clause.values - known - heard):
                if _value_conflict(value, clause, scenario):
                    result.values += 1
                    result.conflicts.append((text, "anderewaarde", clause.text))
            for day in _WEEKDAY.findall(clause.text):
                if scenario_days and day.lower() not in scenario_days:
                    result.days += 1
                    result.conflicts.append((text, "anderedag", day))
    return result
