"""The rubric's criterion ``feiten``: what the trainee said checked against the scenario.

Facts are grounded like answers are: every amount, term and clock time the trainee names must
be in the scenario's own texts or what the resident said (a total of two known amounts counts
too); a known wrong answer of the scenario, a promise the trainee cannot keep, saying that a
required step is "niet nodig" and asking for something the resident said they do not have are
errors of commission; a required point never explained — by its keywords or by most of its
content words — is an error of omission.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from reisgenoot.language.text import lemma, words
from reisgenoot.training.analysis import (
    STOPWORDS,
    Claim,
    content_lemmas,
    known_values,
    matches_any,
)
from reisgenoot.training.datafiles import patterns
from reisgenoot.training.kennis import Reference
from reisgenoot.training.listening import statements_only
from reisgenoot.training.rubric_grounding import article_value
from reisgenoot.training.rubric_statements import TRAINEE, RubricTurn, Statement, quote, say
from reisgenoot.training.scenario import ExplainItem, Scenario

__all__ = [
    "article_values",
    "denies",
    "explained",
    "judge_facts",
    "known_for",
    "scenario_texts",
    "things",
    "wrong_value",
]

_DENIES = patterns("rubriek.yaml", "niet_nodig")
_LACKS = patterns("rubriek.yaml", "heb_ik_niet")
_BRING = patterns("rubriek.yaml", "meenemen")
_NEXT_DAY = re.compile(r"\b(volgende|eerstvolgende) werkdag\b", re.IGNORECASE)
_NOT_NEEDED = re.compile(r"\b(hoeft|hoeven|niet nodig|niet verplicht|geen \w+ nodig)\b")
"""A point that itself says something is not needed ("hoeft de aanslag niet te betalen")."""
_PARAPHRASE = 0.6
"""Share of a point's content words a statement must say to explain it in its own words."""


def scenario_texts(scenario: Scenario) -> list[str]:
    return [
        scenario.situatie,
        scenario.opdracht,
        *(item.omschrijving for item in scenario.checklist.uitleggen),
        *(fact.omschrijving for fact in scenario.feiten),
        scenario.voorbeelden.uitleg,
        *(scenario.oefenscripts.goed if scenario.oefenscripts else []),
        *(line for fact in scenario.feiten for lines in fact.zinnen.values() for line in lines),
    ]


def article_values(reference: Reference) -> frozenset[str]:
    """Every amount, term and time of the scenario's kennisartikelen."""
    return known_values(reference.texts.values())


def known_for(scenario: Scenario, reference: Reference) -> frozenset[str]:
    """Every amount, term and time the trainee may name: those of the scenario's own texts.

    An article's value for another case (the second stolen container) is a typical
    confusion, so article values are not accepted by themselves (tuned on blind dev).

    A total of two known amounts counts too ("in totaal € 142,35" for the passport and the
    urgent fee).
    """
    sources = scenario_texts(scenario)
    found = set(known_values(sources))
    if any(_NEXT_DAY.search(text) for text in sources):
        found |= {"termijn:1 werkdag", "termijn:1 dag"}
    amounts = sorted(_cents(v) for v in found if v.startswith("bedrag:"))
    found |= {"bedrag:" + _euros(a + b) for i, a in enumerate(amounts) for b in amounts[i + 1 :]}
    return frozenset(found)


def _cents(value: str) -> int:
    euros, cents = value.removeprefix("bedrag:").split(",")
    return int(euros) * 100 + int(cents)


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def explained(
    items: Sequence[ExplainItem], turns: Sequence[RubricTurn]
) -> dict[str, RubricTurn | None]:
    """Per item: the turn that completed its explanation, or None."""
    result: dict[str, RubricTurn | None] = {}
    for item in items:
        hit: set[int] = set()
        done: RubricTurn | None = None
        for turn in turns:
            statement = statements_only(turn.text)
            for index, group in enumerate(item.kenmerken):
                if statement and matches_any(statement, group):
                    hit.add(index)
            if len(hit) == len(item.kenmerken) or _paraphrases(statement, item):
                done = turn
                break
        result[item.id] = done
    return result


def _paraphrases(statement: str, item: ExplainItem) -> bool:
    """Whether a statement says most of an explanation point in other words."""
    point = content_lemmas(item.omschrijving)
    if len(point) < 3 or not statement:
        return False
    return len(point & content_lemmas(statement)) / len(point) >= _PARAPHRASE


def denies(sentence: str) -> bool:
    """Whether a sentence says that something is not needed ("aangifte is niet nodig")."""
    return any(pattern.search(sentence.lower()) for pattern in _DENIES)


def _denials(
    items: Sequence[ExplainItem], turns: Sequence[RubricTurn]
) -> list[tuple[RubricTurn, str]]:
    """Saying that a required step is not needed ("aangifte is niet nodig")."""
    found: list[tuple[RubricTurn, str]] = []
    for turn in turns:
        for sentence in re.split(r"(?<=[.!?])\s+", turn.text):
            if not denies(sentence):
                continue
            for item in items:
                if denies(item.omschrijving) or _NOT_NEEDED.search(item.omschrijving):
                    continue  # the point itself is that something is not needed
                if any(matches_any(sentence, group) for group in item.kenmerken):
                    found.append((turn, item.omschrijving))
                    break
    return found


def wrong_value(claim: Claim, turn_text: str, articles: Mapping[str, str]) -> str:
    """What the rubric says about a wrong amount or term: the article's value for the same
    fact when the grounding finds one (:func:`.rubric_grounding.article_value`)."""
    value = article_value(claim, turn_text, articles)
    if value is None:
        return say("bedrag", bedrag=claim.text)
    return say("bedrag_artikel", bedrag=claim.text, waarde=value)


def _commissions(
    scenario: Scenario,
    turns: Sequence[RubricTurn],
    reference: Reference,
    lines: Sequence[tuple[str, str]],
) -> list[Statement]:
    """Errors of commission: wrong amounts or terms, known wrong answers, promises, denials."""
    said: list[Statement] = []
    for turn in turns:
        claims = turn.analysis.wrong_claims if reference.complete else []
        said += [
            Statement(
                "feiten", False, wrong_value(claim, turn.text, reference.texts), turn.text, "fout"
            )
            for claim in claims
        ]
        said += [
            Statement("feiten", False, trap.uitleg, turn.text, "fout")
            for trap in scenario.onjuist
            if trap.said_in(turn.text)
        ]
        said += [
            Statement("feiten", False, say("belofte", belofte=promise), turn.text, "fout")
            for promise in turn.analysis.overpromise
        ]
    for turn, point in _denials(scenario.checklist.uitleggen, turns):
        said.append(Statement("feiten", False, say("niet_nodig", punt=point), turn.text, "fout"))
    for turn, thing in _lacking(turns, lines):
        said.append(Statement("feiten", False, say("heeft_niet", ding=thing), turn.text, "fout"))
    return said


def things(text: str) -> frozenset[str]:
    """Content words, also with a hyphen ("id-kaart"), and their lemmas."""
    found = {w for w in words(text) if len(w) >= 4 and w not in STOPWORDS}
    return frozenset(found | {lemma(w) for w in found}) | content_lemmas(text)


def _lacking(
    turns: Sequence[RubricTurn], lines: Sequence[tuple[str, str]]
) -> list[tuple[RubricTurn, str]]:
    """Asking the resident to bring something the resident says they do not have."""
    found: list[tuple[RubricTurn, str]] = []
    lacks = [
        (index, text)
        for index, (speaker, text) in enumerate(lines)
        if speaker != TRAINEE and any(p.search(text) for p in _LACKS)
    ]
    for turn in turns:
        statement = statements_only(turn.text)
        if turn.analysis.close_check or not any(p.search(statement) for p in _BRING):
            continue
        own = things(statement)
        for index, text in lacks:
            if abs(index - turn.index) > 3:
                continue
            shared = sorted(own & things(text))
            if shared:
                found.append((turn, shared[0]))
                break
    return found


def judge_facts(
    scenario: Scenario,
    turns: Sequence[RubricTurn],
    reference: Reference,
    lines: Sequence[tuple[str, str]],
) -> tuple[str, list[Statement]]:
    said = _commissions(scenario, turns, reference, lines)
    done = explained(scenario.checklist.uitleggen, turns)
    items = scenario.checklist.uitleggen
    missing = [item for item in items if done[item.id] is None]
    said += [
        Statement("feiten", False, say("ontbreekt", punt=item.omschrijving), None, "ontbreekt")
        for item in missing
    ]
    if any(item.kind == "fout" for item in said):
        return "fout", said
    first_done = next((turn for turn in done.values() if turn is not None), None)
    if not missing:
        said.insert(0, Statement("feiten", True, say("feiten_goed"), quote(first_done)))
        return "goed", said
    if first_done is not None:
        names = "; ".join(item.omschrijving for item in items if done[item.id])
        praise = Statement("feiten", True, say("feiten_deels", punten=names), quote(first_done))
        said.insert(0, praise)
    return "deels", said
