"""Grounding of what the trainee stated, as counts the learned ``feiten`` level reads.

The rules of :mod:`.rubric_facts` flag the errors they are sure of. Many wrong statements
are not that clear-cut: an amount that is in the article but belongs to another case (the
second stolen container), a weekday the scenario never names, a sentence that says the
opposite of the article ("familie mag er niet bij" against "een familielid mag erbij"), or a
statement that nothing in the scenario or article supports. This module measures those per
conversation — every value and sentence grounded against the scenario's own texts, the
kennisartikelen and what the resident said — and keeps each doubtful sentence, so that
feedback can quote it when the learned level says the facts were wrong.

The same grounding names what the article says when a stated value is wrong
(:func:`article_value`): the article's value of the same kind for the same fact, so the
feedback on "84 euro" reads "In het kennisartikel staat € 84,70." (issue 22).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reisgenoot.training.analysis import Claim, content_lemmas, extract_claims, known_values
from reisgenoot.training.rubric_statements import TRAINEE, RubricTurn

__all__ = ["Grounding", "article_value", "ground", "sentences_of"]

_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)", re.I)
_NEGATION = re.compile(r"\b(niet|geen|nooit|niets|niks|hoeft|hoeven)\b", re.I)
_MUST = re.compile(r"\b(moet|moeten|verplicht|altijd|alleen|pas)\b", re.I)
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_CONTEXT = 0.25
"""Share of an article sentence's content words a trainee sentence must share to use its value."""
_SIMILAR = 0.5
"""Share of a trainee sentence's content words that must be in a source sentence to compare."""
_UNSUPPORTED = 0.34
"""Below this share of its content words in any source, a statement has no support."""
_NEAR_AMOUNT = 0.1
"""An article amount within this share of a stated amount is the same fact said roughly
("84 euro" for € 84,70), also when the sentences share no words (a list of prices)."""


def sentences_of(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


@dataclass(slots=True)
class Grounding:
    """Counts per conversation and the trainee sentences behind the doubtful ones."""

    values_scenario: int = 0
    values_article: int = 0
    values_article_far: int = 0
    values_nowhere: int = 0
    weekdays_unknown: int = 0
    polarity: int = 0
    must_vs_optional: int = 0
    statements: int = 0
    unsupported: int = 0
    doubtful: list[tuple[str, str, str]] = field(default_factory=list)
    """(trainee turn text, reason, detail) per doubtful statement, in conversation order:
    ``waarde`` (an article value used out of its context), ``dag`` (a weekday nowhere in
    the sources), ``tegendeel`` (says the opposite of a source sentence), ``verplicht``
    (makes something required that a source says is optional), ``onbekend`` (no support)."""

    def features(self) -> dict[str, float]:
        share = self.unsupported / self.statements if self.statements else 0.0
        return {
            "values_scenario": float(self.values_scenario),
            "values_article": float(self.values_article),
            "values_article_far": float(self.values_article_far),
            "values_nowhere": float(self.values_nowhere),
            "weekdays_unknown": float(self.weekdays_unknown),
            "polarity": float(self.polarity),
            "must_vs_optional": float(self.must_vs_optional),
            "unsupported_share": share,
            "unsupported": float(self.unsupported),
        }


@dataclass(frozen=True, slots=True)
class _Source:
    text: str
    lemmas: frozenset[str]
    negated: bool
    optional: bool


def _sources(texts: Sequence[str]) -> list[_Source]:
    found: list[_Source] = []
    for text in texts:
        for sentence in sentences_of(text):
            lemmas = content_lemmas(sentence)
            if len(lemmas) < 2:
                continue
            negated = bool(_NEGATION.search(sentence))
            optional = bool(re.search(r"\bniet (verplicht|nodig)\b|\bhoeft\b|\bmag\b", sentence))
            found.append(_Source(sentence, lemmas, negated, optional))
    return found


def _value_context(value: str, sentence: str, article_sentences: Sequence[str]) -> float:
    """How much of the article sentence that holds ``value`` the trainee sentence shares."""
    own = content_lemmas(sentence)
    best = 0.0
    for source in article_sentences:
        if value not in known_values([source]):
            continue
        theirs = content_lemmas(source)
        if theirs:
            best = max(best, len(own & theirs) / len(theirs))
    return best


def _cents(claim: Claim) -> int:
    euros, _sep, cents = claim.value.partition(",")
    return int(euros) * 100 + int(cents or 0)


def _same_fact(claim: Claim, source: Claim, context: float) -> tuple[float, float] | None:
    """How surely an article value ``source`` is the one ``claim`` got wrong (higher is surer),
    or None: same kind, and the sentences share the article sentence's words (a term also in
    the same unit), or an amount close to the stated one."""
    if source.kind != claim.kind or source.value == claim.value:
        return None
    if claim.kind == "bedrag":
        stated, found = _cents(claim), _cents(source)
        distance = abs(stated - found) / max(stated, found, 1)
        if context >= _CONTEXT or distance <= _NEAR_AMOUNT:
            return (context, -distance)
        return None
    if claim.kind == "termijn" and claim.value.split()[-1] != source.value.split()[-1]:
        return None
    return (context, 0.0) if context >= _CONTEXT else None


def article_value(claim: Claim, turn_text: str, articles: Mapping[str, str]) -> str | None:
    """The article's value for the fact a wrongly stated ``claim`` is about, as the article
    writes it ("€ 84,70"), or None when no article value fits.

    Grounded like every value here (:func:`_value_context`): of the article values of the same
    kind, the one in the article sentence whose content words the trainee's sentence shares
    most; an amount may instead be near the stated one.
    """
    sentence = next((s for s in sentences_of(turn_text) if claim.text in s), turn_text)
    own = content_lemmas(sentence)
    best: tuple[tuple[float, float], str] | None = None
    for source in (s for text in articles.values() for s in sentences_of(text)):
        theirs = content_lemmas(source)
        context = len(own & theirs) / len(theirs) if theirs else 0.0
        for found in extract_claims(source):
            score = _same_fact(claim, found, context)
            if score is not None and (best is None or score > best[0]):
                best = (score, found.text)
    return best[1] if best is not None else None


def ground(
    turns: Sequence[RubricTurn],
    lines: Sequence[tuple[str, str]],
    scenario_texts: Sequence[str],
    known: frozenset[str],
    articles: Mapping[str, str],
) -> Grounding:
    """Ground every statement sentence of the trainee against scenario, article and resident."""
    result = Grounding()
    article_sentences = [s for text in articles.values() for s in sentences_of(text)]
    article_values = known_values(article_sentences)
    scenario_sources = _sources(scenario_texts)
    all_sources = scenario_sources + _sources(list(articles.values()))
    words_known = " ".join([*scenario_texts, *articles.values()]).lower()
    for turn in turns:
        heard_lines = [
            text for i, (who, text) in enumerate(lines) if who != TRAINEE and i < turn.index
        ]
        heard = known_values(heard_lines)
        heard_words = " ".join(heard_lines).lower()
        sources = all_sources + _sources(heard_lines)
        for sentence in sentences_of(turn.text):
            if sentence.rstrip().endswith("?"):
                continue
            _values(result, turn, sentence, known, heard, article_values, article_sentences)
            for day in _WEEKDAY.findall(sentence):
                if day.lower() not in words_known and day.lower() not in heard_words:
                    result.weekdays_unknown += 1
                    result.doubtful.append((turn.text, "dag", day))
            _compare(result, turn, sentence, sources)
    return result


def _values(
    result: Grounding,
    turn: RubricTurn,
    sentence: str,
    known: frozenset[str],
    heard: frozenset[str],
    article_values: frozenset[str],
    article_sentences: Sequence[str],
) -> None:
    for claim in extract_claims(sentence):
        key = f"{claim.kind}:{claim.value}"
        if key in known or key in heard:
            result.values_scenario += 1
        elif key in article_values:
            result.values_article += 1
            if _value_context(key, sentence, article_sentences) < _CONTEXT:
                result.values_article_far += 1
            result.doubtful.append((turn.text, "waarde", claim.text))
        else:
            result.values_nowhere += 1


def _compare(
    result: Grounding, turn: RubricTurn, sentence: str, sources: Sequence[_Source]
) -> None:
    own = content_lemmas(sentence)
    if len(own) < 2:
        return
    result.statements += 1
    negated = bool(_NEGATION.search(sentence))
    must = bool(_MUST.search(sentence)) and not negated
    best = same = opposite = 0.0
    optional_hit = False
    for source in sources:
        shared = own & source.lemmas
        share = len(shared) / len(own)
        best = max(best, share)
        if len(shared) < 2:
            continue
        if negated == source.negated:
            same = max(same, share)
        elif len(shared) >= 3:
            opposite = max(opposite, share)
        if must and source.optional and source.negated and share >= _SIMILAR:
            optional_hit = True
    if opposite >= _SIMILAR and opposite > same:
        result.polarity += 1
        result.doubtful.append((turn.text, "tegendeel", sentence))
    elif optional_hit and same < _SIMILAR:
        result.must_vs_optional += 1
        result.doubtful.append((turn.text, "verplicht", sentence))
    if best < _UNSUPPORTED:
        result.unsupported += 1
        result.doubtful.append((turn.text, "onbekend", sentence))
