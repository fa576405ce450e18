"""Observable features of one trainee turn in a practice conversation.

Only what the trainee *does* with words is measured: acknowledging with a reference to what
the resident said, asking open or closed questions, summarising (LSD: luisteren, samenvatten,
doorvragen), giving amounts and terms that match the kennisbank, jargon and non-B1 sentences
(via :func:`reisgenoot.language.readability.check_b1`), dismissive phrases, canned template
text and the informal "je". The trainee's emotions are never assessed: this module does not
use (and must never use) the tone classifier (contracts §10).

Everything is rule-based, deterministic and explainable: each feature keeps the words that
triggered it, so feedback can quote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from reisgenoot.language.readability import check_b1
from reisgenoot.language.text import STOPWORDS as TEXT_STOPWORDS
from reisgenoot.language.text import lemma, sentences, words
from reisgenoot.training.datafiles import lines, numbers, patterns, strings, table

__all__ = [
    "Claim",
    "TurnAnalysis",
    "TurnContext",
    "analyse_turn",
    "content_lemmas",
    "extract_claims",
    "matches_any",
]

# --- phrase lists: training/data/*.yaml and *.txt (see data/SOURCE.md) --------------------

EMOTION_STEMS = strings("erkennen.yaml", "erkennen")
"""Warmth and concern (EPITOME "emotionele reactie")."""
REFLECTION_STEMS = strings("erkennen.yaml", "interpreteren")
"""Communicating understanding (EPITOME "interpretatie")."""
SUMMARY_STEMS = strings("erkennen.yaml", "samenvatten")
OPEN_QUESTION_WORDS = frozenset(strings("vragen.yaml", "open_vraagwoorden"))
OPEN_REQUEST_STEMS = strings("vragen.yaml", "open_verzoeken")
CLOSED_QUESTION_STARTS = frozenset(strings("vragen.yaml", "gesloten_vraagbegin"))
DISMISSIVE = patterns("toon.yaml", "afwijzend")
CANNED = strings("toon.yaml", "standaardtekst")
OVERPROMISE = patterns("toon.yaml", "te_veel_beloofd")
INFORMAL = frozenset(strings("toon.yaml", "je_vorm"))
GREETING = patterns("gespreksverloop.yaml", "begroeting", 0)
NEXT_STEP = patterns("gespreksverloop.yaml", "volgende_stap")
CLOSE_CHECK = patterns("gespreksverloop.yaml", "controlevraag")
GOODBYE = patterns("gespreksverloop.yaml", "afscheid")
JARGON = lines("jargon.txt")
"""Words for staff, not for residents (on top of the officialese of the language core)."""
STOPWORDS = TEXT_STOPWORDS | frozenset(lines("vulwoorden.txt"))
"""The one stop-word list plus the words of any KCC conversation that never make a point."""
NUMBER_WORDS = numbers("getallen.yaml", "telwoorden")
UNITS = table("getallen.yaml", "eenheden")
_AMOUNT_RE = re.compile(
    r"€\s?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}|-))?"
    r"|(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?\s?euro\b"
)
_TERM_RE = re.compile(
    r"(?<![\d.,:])\b(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(" + "|".join(UNITS) + r")\b",
    re.IGNORECASE,
)


_CLOCK_RE = re.compile(
    r"\b(?:voor|vóór|tot|na|vanaf)\s+(\d{1,2})[.:](\d{2})\s*uur\b"
    r"|\b(?:voor|vóór|tot|na|vanaf)\s+(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+uur\b",
    re.IGNORECASE,
)


_RANGE_RE = re.compile(r"\btussen\s+\S+\s+en\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    """An amount (in cents), a term ("5 werkdag") or a clock time ("7:30") stated in a line."""

    kind: str  # "bedrag" | "termijn" | "tijd"
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class TurnContext:
    """What the analysis needs to know about the conversation so far."""

    resident_lines: Sequence[str] = ()
    trainee_lines: Sequence[str] = ()
    jargon: Sequence[str] = ()
    allowed: Sequence[str] = ()
    known_claims: frozenset[str] = frozenset()
    first_turn: bool = False
    check_facts: bool = True
    """False when the kennisartikelen are missing: claims are found but not judged."""


@dataclass(slots=True)
class TurnAnalysis:
    """Observable features of one trainee turn, each with the words that triggered it."""

    text: str
    emotional_reaction: int = 0  # EPITOME: 0 none, 1 weak (not grounded), 2 strong
    interpretation: int = 0  # 0 none, 1 weak, 2 strong (reflection with two references)
    exploration: int = 0  # 0 none, 1 closed question, 2 open question
    grounded_words: list[str] = field(default_factory=list)
    open_questions: list[str] = field(default_factory=list)
    closed_questions: list[str] = field(default_factory=list)
    summary: bool = False
    dismissive: list[str] = field(default_factory=list)
    canned: list[str] = field(default_factory=list)
    repeated: bool = False
    jargon: list[str] = field(default_factory=list)
    plain: list[tuple[str, str]] = field(default_factory=list)
    non_b1_sentences: list[str] = field(default_factory=list)
    sentence_count: int = 0
    informal: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    wrong_claims: list[Claim] = field(default_factory=list)
    overpromise: list[str] = field(default_factory=list)
    greeting: bool = False
    close_check: bool = False
    goodbye: bool = False
    next_step: bool = False

    @property
    def is_question(self) -> bool:
        return bool(self.open_questions or self.closed_questions)

    @property
    def acknowledges(self) -> bool:
        """A grounded acknowledgement: warmth or reflection that refers to what was said."""
        return self.emotional_reaction == 2 or self.interpretation >= 1

    @property
    def hollow(self) -> bool:
        """Empathy words without any reference to what the resident said."""
        return self.emotional_reaction == 1 and self.interpretation == 0

    @property
    def uses_jargon(self) -> bool:
        return bool(self.jargon or self.plain)

    def to_dict(self) -> dict[str, object]:
        return {
            "emotionele_reactie": self.emotional_reaction,
            "interpretatie": self.interpretation,
            "exploratie": self.exploration,
            "verwijst_naar": list(self.grounded_words),
            "open_vragen": list(self.open_questions),
            "gesloten_vragen": list(self.closed_questions),
            "samenvatting": self.summary,
            "afwijzend": list(self.dismissive),
            "standaardtekst": list(self.canned) + (["herhaling"] if self.repeated else []),
            "jargon": list(self.jargon) + [found for found, _plain in self.plain],
            "niet_b1": list(self.non_b1_sentences),
            "je_vorm": list(self.informal),
            "bedragen_termijnen": [claim.text for claim in self.claims],
            "onjuist": [claim.text for claim in self.wrong_claims],
            "te_veel_beloofd": list(self.overpromise),
            "controlevraag": self.close_check,
            "afscheid": self.goodbye,
        }


# --- helpers ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text)


def _contains_stem(normal: str, stems: Iterable[str]) -> list[str]:
    return [stem for stem in stems if re.search(r"(?<!\w)" + re.escape(stem) + r"(?!\w)", normal)]


def _regex_hits(text: str, compiled: Iterable[re.Pattern[str]]) -> list[str]:
    found: list[str] = []
    for pattern in compiled:
        match = pattern.search(text)
        if match:
            found.append(match.group(0).strip())
    return found


@lru_cache(maxsize=4096)
def content_lemmas(text: str) -> frozenset[str]:
    """Lemmas of the content words of ``text`` (no stop words, no short words, no numbers)."""
    result: set[str] = set()
    for word in words(text):
        if len(word) < 4 or word in STOPWORDS or not word.isalpha():
            continue
        base = lemma(word)
        if base in STOPWORDS:
            continue
        result.add(base)
        result.add(word)
    return frozenset(result)


def matches_any(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords that occur in ``text``.

    A keyword matches as a whole word or phrase, or when its lemma is the lemma of a word in
    the text ("vertrekt" matches "vertrekken"). A keyword ending in ``*`` matches any word
    that starts with it ("reis*" matches "reist" and "reisdocument").
    """
    normal = _normal(text)
    lemmas_here: frozenset[str] | None = None
    hits: list[str] = []
    for keyword in keywords:
        key = _normal(keyword).strip()
        prefix = key.endswith("*")
        key = key.rstrip("*").strip()
        if not key:
            continue
        tail = "" if prefix else r"(?!\w)"
        if re.search(r"(?<!\w)" + re.escape(key) + tail, normal):
            hits.append(keyword)
            continue
        if " " not in key and not prefix:
            if lemmas_here is None:
                lemmas_here = frozenset(lemma(word) for word in words(text))
            if lemma(key) in lemmas_here:
                hits.append(keyword)
    return hits


def _amount_value(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        euros = match.group(1).replace(".", "")
        cents = match.group(2) if match.group(2) not in (None, "-") else "00"
    else:
        euros = match.group(3).replace(".", "")
        cents = match.group(4) or "00"
    return f"{int(euros)},{cents}"


def extract_claims(text: str) -> list[Claim]:
    """Amounts ("€ 84,70" → "84,70") and terms ("5 werkdagen" → "5 werkdag") in ``text``."""
    claims = [
        Claim("bedrag", _amount_value(match), match.group(0).strip())
        for match in _AMOUNT_RE.finditer(text)
    ]
    clocks: list[tuple[int, int]] = []
    for match in _CLOCK_RE.finditer(text):
        if match.group(1) is not None:
            value = f"{int(match.group(1))}:{match.group(2)}"
        else:
            number_text = match.group(3).lower()
            hour = NUMBER_WORDS.get(number_text)
            value = f"{hour if hour is not None else int(number_text)}:00"
        clocks.append(match.span())
        claims.append(Claim("tijd", value, match.group(0).strip()))
    for match in _TERM_RE.finditer(text):
        if any(start <= match.start() < end for start, end in clocks):
            continue
        if _RANGE_RE.search(text[: match.start()]):
            continue  # "tussen 9 en 21 uur": opening hours, not a term
        number_text = match.group(1).lower()
        number = NUMBER_WORDS.get(number_text)
        count = number if number is not None else int(number_text)
        unit = UNITS[match.group(2).lower()]
        claims.append(Claim("termijn", f"{count} {unit}", match.group(0)))
    return claims


def known_values(texts: Iterable[str]) -> frozenset[str]:
    """Every amount and term in ``texts``: the reference a trainee's claims are checked against."""
    found: set[str] = set()
    for text in texts:
        for claim in extract_claims(text):
            found.add(f"{claim.kind}:{claim.value}")
    return frozenset(found)


# --- the analysis -------------------------------------------------------------------------


def _grounding(text: str, resident_lines: Sequence[str]) -> list[str]:
    """Content words the trainee shares with what the resident said."""
    if not resident_lines:
        return []
    recent = frozenset().union(*(content_lemmas(line) for line in resident_lines))
    own = content_lemmas(text)
    return sorted(own & recent)


def _question_kind(sentence: str) -> str | None:
    normal = _normal(sentence).strip()
    found = words(normal)
    if not found:
        return None
    asks = normal.endswith("?")
    if _contains_stem(normal, OPEN_REQUEST_STEMS) and (asks or found[0] in {"vertel", "vertelt"}):
        return "open"
    if not asks:
        return None
    if found[0] in CLOSED_QUESTION_STARTS:
        return "gesloten"
    if any(word in OPEN_QUESTION_WORDS for word in found[:3]):
        return "open"
    return "gesloten"


def _questions(result: TurnAnalysis, parts: Sequence[str]) -> None:
    for part in parts:
        kind = _question_kind(part)
        if kind == "open":
            result.open_questions.append(part)
        elif kind == "gesloten":
            result.closed_questions.append(part)
    if result.open_questions:
        result.exploration = 2
    elif result.closed_questions:
        result.exploration = 1


def _empathy(result: TurnAnalysis, normal: str, context: TurnContext) -> None:
    grounded = _grounding(result.text, context.resident_lines)
    result.grounded_words = grounded
    warmth = _contains_stem(normal, EMOTION_STEMS)
    reflection = _contains_stem(normal, REFLECTION_STEMS)
    if warmth:
        result.emotional_reaction = 2 if grounded else 1
    if reflection and grounded:
        result.interpretation = 2 if len(grounded) >= 2 else 1
    all_resident = frozenset().union(*(content_lemmas(x) for x in context.resident_lines or [""]))
    if (
        _contains_stem(normal, SUMMARY_STEMS)
        and len(content_lemmas(result.text) & all_resident) >= 2
    ):
        result.summary = True


def _language(result: TurnAnalysis, normal: str, context: TurnContext) -> None:
    report = check_b1(result.text)
    result.sentence_count = len(report.sentences)
    allowed = {_normal(word) for word in context.allowed}
    result.plain = [
        pair for check in report.sentences for pair in check.officialese if pair[0] not in allowed
    ]
    result.non_b1_sentences = [check.text for check in report.sentences if not check.b1]
    jargon = [*JARGON, *context.jargon]
    result.jargon = [
        word for word in _contains_stem(normal, jargon) if _normal(word) not in allowed
    ]
    result.informal = [word for word in words(result.text) if word in INFORMAL]


def _style(result: TurnAnalysis, normal: str, context: TurnContext) -> None:
    result.dismissive = _regex_hits(normal, DISMISSIVE)
    result.canned = _contains_stem(normal, CANNED)
    if len(normal) >= 30:
        result.repeated = any(
            SequenceMatcher(None, normal, _normal(before)).ratio() >= 0.9
            for before in context.trainee_lines
        )
    result.overpromise = _regex_hits(normal, OVERPROMISE)
    result.close_check = bool(_regex_hits(normal, CLOSE_CHECK))
    result.goodbye = bool(_regex_hits(normal, GOODBYE))
    result.greeting = bool(_regex_hits(result.text, GREETING))
    result.next_step = bool(_regex_hits(normal, NEXT_STEP))


def _facts(result: TurnAnalysis, context: TurnContext) -> None:
    result.claims = extract_claims(result.text)
    if not context.check_facts:
        return
    heard = known_values(context.resident_lines)
    asked = " ".join(result.open_questions + result.closed_questions)
    result.wrong_claims = [
        claim
        for claim in result.claims
        if claim.text not in asked  # a question about a value states nothing
        if f"{claim.kind}:{claim.value}" not in context.known_claims
        and f"{claim.kind}:{claim.value}" not in heard
    ]


def analyse_turn(text: str, context: TurnContext) -> TurnAnalysis:
    """Analyse one trainee line. Pure: the same line and context give the same result."""
    result = TurnAnalysis(text=text.strip())
    normal = _normal(result.text)
    parts = [part.text for part in sentences(result.text)] or [result.text]
    _questions(result, parts)
    _empathy(result, normal, context)
    _language(result, normal, context)
    _style(result, normal, context)
    _facts(result, context)
    return result
