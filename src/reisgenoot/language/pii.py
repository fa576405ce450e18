"""Personal-data detection and redaction for Dutch contact-centre text.

Pure functions, no I/O apart from reading the word lists in ``language/data/pii`` once.
Offsets are code points in the original text; entities never overlap. Structured types are
recognised by their notation and checksum (:mod:`reisgenoot.language.pii_patterns`), birth dates
and addresses by cues and street names (:mod:`reisgenoot.language.pii_context`), and names by
gazetteers, cues and capitalisation (:mod:`reisgenoot.language.pii_names`).

``redact`` never raises: ``reisgenoot.log`` runs it on every log record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reisgenoot.language import (
    pii_bounds,
    pii_cases,
    pii_context,
    pii_dates,
    pii_email,
    pii_names,
    pii_patterns,
    pii_scoring,
    pii_spelled,
    pii_spoken,
    pii_streets,
)

ENTITY_TYPES = (
    "bsn",
    "iban",
    "telefoon",
    "email",
    "postcode",
    "adres",
    "naam",
    "geboortedatum",
    "kenteken",
    "zaaknummer",
)

DEFAULT_ZAAK_PATTERNS: tuple[str, ...] = (
    r"\bZ[-\s]?\d{4}[-\s]?\d{4,6}\b",
    r"\b(?:ZAAK|zaak)[-\s]?\d{5,10}\b",
)
"""The default of ``Settings.zaaknummer_patterns``. Numbers right after a reference word
("kenmerk", "zaaknummer", "dossiernummer", "aanvraagnummer", …) are always ``zaaknummer``."""

# Which type wins when two candidates overlap: the more specific, checksum-backed ones first.
_PRIORITY = {
    "email": 10,
    "iban": 9,
    "zaaknummer": 8,
    "kenteken": 7,
    "bsn": 6,
    "telefoon": 5,
    "postcode": 4,
    "geboortedatum": 3,
    "adres": 2,
    "naam": 1,
}
_MAX_CHUNK = 100_000
_NOT_DIGITS = re.compile(r"\D+")  # what is left are the digits: counted by one substitution
Span = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    entities: list[Entity] = field(default_factory=list)


def _normalise(type_: str, text: str) -> str:
    if type_ in ("naam", "adres"):
        return " ".join(text.casefold().split())
    return re.sub(r"[\s.\-/()]", "", text.casefold())


class PseudonymMap:
    """Consistent pseudonyms within one conversation: the same person stays ``[NAAM-1]``.

    Keyed by type and normalised text; a name that repeats the last words of an earlier name
    ("mevrouw De Vries" after "Anouk de Vries") gets the earlier name's pseudonym.
    """

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def label(self, type_: str, text: str) -> str:
        key = (type_, _normalise(type_, text))
        found = self._labels.get(key) or self._name_suffix(key)
        if found is None:
            self._counts[type_] = self._counts.get(type_, 0) + 1
            found = f"[{type_.upper()}-{self._counts[type_]}]"
        self._labels[key] = found
        return found

    def _name_suffix(self, key: tuple[str, str]) -> str | None:
        type_, norm = key
        if type_ != "naam":
            return None
        for (other_type, other), label in self._labels.items():
            if other_type == "naam" and len(norm) > 3 and other.endswith(" " + norm):
                return label
        return None

    def __len__(self) -> int:
        return len(self._labels)


def _resolve(candidates: list[Span]) -> list[Span]:
    """Keep non-overlapping spans: higher priority first, then longer, then earlier."""
    ordered = sorted(candidates)
    previous_end = -1
    for start, end, _type in ordered:
        if end <= start or start < previous_end:
            return _by_priority(ordered)
        previous_end = end
    return ordered  # nothing overlaps: every span is kept, as _by_priority would do


def _by_priority(candidates: Iterable[Span]) -> list[Span]:
    ordered = sorted(candidates, key=lambda c: (-_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[Span] = []
    for start, end, type_ in ordered:
        if end <= start:
            continue
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, type_))
    taken.sort()
    return taken


_NICKNAME_GAP = re.compile(r"[ \t]*\([ \t]*")
_NICKNAME_CLOSE = re.compile(r"[ \t]*\)[ \t]+")


def _join_nicknames(text: str, names: list[Span]) -> list[Span]:
    """ "Johannes (Hans) Wolters": a name in brackets between the given names and the
    surname is part of one name."""
    out: list[Span] = []
    i = 0
    while i < len(names):
        if i + 2 < len(names):
            first, nick, last = names[i : i + 3]
            gap = _NICKNAME_GAP.fullmatch(text, first[1], nick[0])
            close = _NICKNAME_CLOSE.fullmatch(text, nick[1], last[0])
            if gap is not None and close is not None and "(" in text[first[1] : nick[0]]:
                out.append((first[0], last[1], first[2]))
                i += 3
                continue
        out.append(names[i])
        i += 1
    return out


def _split_repeated_names(text: str, names: list[Span]) -> list[Span]:
    """ "bakker wim bakker": a surname said first and then the full name are two names;
    "Johan Smit van Smit Installatietechniek": the business named after him is not his name."""
    out: list[Span] = []
    for start, end, type_ in names:
        if text.count(" ", start, end) < 2:  # one or two words: nothing repeats
            out.append((start, end, type_))
            continue
        words = [(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(text, start, end)]
        lower = [w[2].casefold().removesuffix("'s").removesuffix("’s") for w in words]
        if (
            len(words) >= 3
            and (
                (lower[0] == lower[-1] and lower[0] not in lower[1:-1])
                # "roelof roelof schuiling": the first name said, then the full name
                or (lower[0] == lower[1] and lower[0] not in lower[2:])
            )
        ):
            out.append((start, words[0][1], type_))
            out.append((words[1][0], end, type_))
            continue
        for i in range(1, len(words) - 1):
            if lower[i] == "van" and lower[i + 1] in lower[:i]:
                end = words[i - 1][1]
                break
        out.append((start, end, type_))
    return out


_NAME_WORD = re.compile(r"[^\s,]+")


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Cut very long texts at line (or space) boundaries so the work stays linear."""
    if len(text) <= _MAX_CHUNK:
        yield 0, text
        return
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + _MAX_CHUNK)
        if end < len(text):
            cut = text.rfind("\n", pos + _MAX_CHUNK // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + _MAX_CHUNK // 2, end)
            end = cut + 1 if cut >= 0 else end
        yield pos, text[pos:end]
        pos = end


class Detector:
    """Finds personal data in Dutch text; configure the municipality's reference patterns."""

    def __init__(
        self, zaak_patterns: Sequence[str] | None = None, *, learned_names: bool = True
    ) -> None:
        patterns = DEFAULT_ZAAK_PATTERNS if zaak_patterns is None else tuple(zaak_patterns)
        self._zaak = pii_cases.compile_patterns(patterns)
        # The default patterns cannot match without a "Z" or "zaak": skip them cheaply.
        self._zaak_hint: tuple[str, ...] = (
            ("Z", "zaak") if patterns == DEFAULT_ZAAK_PATTERNS else ()
        )
        # Custom patterns are tried on every text; the default ones need a "Z" or "zaak".
        self._zaak_always = bool(self._zaak) and not self._zaak_hint
        # The shapes of the common case systems stand in for a municipality's own patterns.
        self._shapes = zaak_patterns is None
        self._learned_names = learned_names

    def _zaak_patterns(self, text: str) -> list[re.Pattern[str]]:
        if self._zaak_hint and not any(hint in text for hint in self._zaak_hint):
            return []
        return self._zaak

    # Each recogniser is called only when the text holds what it cannot do without (its own
    # hint test, done here so that texts without it do not even start the generator). The
    # recognisers keep their own tests, so they give the same spans when called directly.

    def _digit_spans(self, text: str, lower: str, digits: int, spans: list[Span]) -> None:
        """The recognisers that need a digit; ``text`` has ``digits`` of them (at least one).

        Each needs a least number of digits in the text (a plate two, a postcode four, a
        reference four, a case number five, a BSN or phone number nine): counted once."""
        spans.extend(pii_patterns.find_iban(text))
        if self._zaak_always or (digits >= 5 and ("Z" in text or "zaak" in text)):
            spans.extend(pii_cases.find_zaaknummer(text, self._zaak, references=False))
        if digits >= 4:
            if pii_cases.may_have_reference(lower):
                spans.extend(pii_cases.find_references(text))
            if self._shapes and digits >= 5:
                spans.extend(pii_cases.find_case_shapes(text))
        if digits >= 2:
            plain = pii_patterns.PLATE_HINT.search(text) is not None
            spaced = pii_patterns.SPACED_PLATE_HINT.search(text) is not None
            if plain or spaced:
                spans.extend(pii_patterns.find_kenteken(text, spaced=spaced, plain=plain))
        if digits >= 9 and pii_patterns.LONG_NUMBER.search(text):
            spans.extend(pii_patterns.find_bsn(text))
            spans.extend(pii_patterns.find_telefoon(text))
            spans.extend(pii_patterns.find_foreign_telefoon(text))
        if digits >= 4:
            spans.extend(pii_patterns.find_postcode(text))
        if pii_context.HOUSE_HINT.search(text):
            spans.extend(pii_context.find_adres(text, hinted=True))

    def rule_spans(self, text: str) -> list[Span]:
        """What the hand-written recognisers find (the learned name tagger reads this)."""
        spans: list[Span] = []
        lower = text.lower()
        if "@" in text:
            spans.extend(pii_email.find_email(text))
        if pii_email.may_have_masked_email(lower):
            spans.extend(pii_email.find_masked_email(text))
        digits = len(_NOT_DIGITS.sub("", text))
        has_digit = digits > 0
        if has_digit:
            self._digit_spans(text, lower, digits, spans)
        elif self._zaak:
            patterns = self._zaak_patterns(text)
            spans.extend(pii_cases.find_zaaknummer(text, patterns, references=False))
        if " at " in lower or "apenstaartje" in lower:
            spans.extend(pii_spoken.find_spoken_email(text))
        words = pii_streets.words_of(lower)
        if pii_spoken.may_have_spoken(text, words):
            spans.extend(pii_spoken.find_spoken(text, words))
        if pii_spelled.may_have_spelled(lower):
            spans.extend(pii_spelled.find_spelled(text))
        spans.extend(pii_streets.find_more_adres(text, words, digits=has_digit))
        if pii_dates.may_have_birth_date(text, lower):
            spans.extend(pii_dates.find_geboortedatum(text))
        spans.extend(pii_names.find_naam(text))
        if has_digit and "-" in text and spans:
            spans = pii_patterns.outside_identifiers(text, spans)
        return _resolve(spans) if len(spans) > 1 else spans

    def _spans(self, text: str) -> list[Span]:
        rules = self.rule_spans(text)
        if not self._learned_names:
            return rules
        others = [s for s in rules if s[2] != "naam"]
        names = pii_scoring.find_naam(text, rules)
        if names and "-" in text:  # no name inside a UUID ("…-be76-eef7b3c9c2e4"), as for rules
            names = pii_patterns.outside_identifiers(text, names)
        if names:
            names = pii_scoring.join_split_particles(text, names)
            names = pii_scoring.drop_mixed_case(text, names)
            names = pii_scoring.drop_lone_lower(text, names)
            names = _split_repeated_names(text, names)
            if "(" in text and len(names) > 2:
                names = _join_nicknames(text, sorted(names))
            others = pii_bounds.split_name_from_address(text, others, names)
            names = pii_bounds.drop_street_titles(text, names, others)
        if any(s[2] == "adres" for s in others):  # the steps below change addresses only
            others = self._adjust_addresses(text, others)
        if "(" in text or names:
            others += pii_dates.find_dates_after_persons(text, [n[1] for n in names])
        names += pii_names.spelled_names(text, others + names)
        spans = others + names
        return _resolve(spans) if len(spans) > 1 else spans

    @staticmethod
    def _adjust_addresses(text: str, others: list[Span]) -> list[Span]:
        others = pii_bounds.cut_link_before_street(text, others)
        others = pii_bounds.extend_year_streets(text, others)
        others = pii_bounds.extend_street_titles(text, others)
        if "hoog" in text or "hg" in text:
            others = pii_streets.extend_floor(text, others)
        return pii_streets.extend_additions(text, others)

    def detect(self, text: str) -> list[Entity]:
        """All entities, sorted by position and never overlapping."""
        if len(text) <= _MAX_CHUNK:
            return [Entity(s, e, t, text[s:e]) for s, e, t in self._spans(text)]
        entities: list[Entity] = []
        for offset, chunk in _chunks(text):
            for start, end, type_ in self._spans(chunk):
                entities.append(
                    Entity(offset + start, offset + end, type_, text[offset + start : offset + end])
                )
        return entities

    def redact(
        self,
        text: str,
        *,
        style: Literal["tags", "pseudonyms"] = "tags",
        pseudonyms: PseudonymMap | None = None,
    ) -> Redaction:
        """Replace each entity by ``[TYPE]`` or by a consistent pseudonym ``[TYPE-n]``."""
        entities = self.detect(text)
        return Redaction(apply(text, entities, style=style, pseudonyms=pseudonyms), entities)


def apply(
    text: str,
    entities: Sequence[Entity],
    *,
    style: str = "tags",
    pseudonyms: PseudonymMap | None = None,
) -> str:
    """The text with ``entities`` (sorted, not overlapping) replaced by tags or pseudonyms."""
    if style not in ("tags", "pseudonyms"):
        raise ValueError(f"unknown redaction style: {style!r}")
    mapping = pseudonyms if pseudonyms is not None else PseudonymMap()
    parts: list[str] = []
    pos = 0
    for entity in entities:
        parts.append(text[pos : entity.start])
        if style == "tags":
            parts.append(f"[{entity.type.upper()}]")
        else:
            parts.append(mapping.label(entity.type, entity.text))
        pos = entity.end
    parts.append(text[pos:])
    return "".join(parts)


@lru_cache(maxsize=8)
def _detector(zaak_patterns: tuple[str, ...] | None) -> Detector:
    return Detector(zaak_patterns)


def _key(zaak_patterns: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if zaak_patterns is None else tuple(zaak_patterns)


def detect(text: str, *, zaak_patterns: Sequence[str] | None = None) -> list[Entity]:
    """Entities in ``text`` with a cached detector."""
    return _detector(_key(zaak_patterns)).detect(text)


def rule_spans(text: str, *, zaak_patterns: Sequence[str] | None = None) -> list[Span]:
    """What the hand-written recognisers find in ``text``, with the cached detector."""
    return _detector(_key(zaak_patterns)).rule_spans(text)


_FALLBACK = re.compile(r"\d[\d .-]*|[\w.+-]+@[\w.-]+")


def redact(
    text: str,
    *,
    style: str = "tags",
    zaak_patterns: Sequence[str] | None = None,
    pseudonyms: PseudonymMap | None = None,
) -> Redaction:
    """Redacted text and the entities found. Never raises on text input.

    Should a recogniser fail on some unforeseen input, every digit run and e-mail-like word
    is masked instead, so that nothing leaks.
    """
    if style not in ("tags", "pseudonyms"):
        raise ValueError(f"unknown redaction style: {style!r}")
    try:
        entities = detect(text, zaak_patterns=zaak_patterns)
        return Redaction(apply(text, entities, style=style, pseudonyms=pseudonyms), entities)
    except Exception:
        return Redaction(_FALLBACK.sub("[PII]", str(text)), [])
