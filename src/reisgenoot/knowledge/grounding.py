"""Grounding check shared by every answer path (extractive now, generated later).

Every number, amount, date, period, phone number and web or e-mail address in an answer must
occur in one of the cited sources, or the answer is not shown. Facts are compared in a
canonical form, so "€ 112,00" meets "112 euro", "2 weken" meets "twee weken" and
"https://www.voorbeeldstad.nl/afval/" meets "voorbeeldstad.nl/afval".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100,
}  # fmt: skip
UNITS = {
    "seconde": "seconde", "seconden": "seconde", "minuut": "minuut", "minuten": "minuut",
    "uur": "uur", "uren": "uur", "dag": "dag", "dagen": "dag", "werkdag": "werkdag",
    "werkdagen": "werkdag", "week": "week", "weken": "week", "maand": "maand",
    "maanden": "maand", "jaar": "jaar", "jaren": "jaar",
}  # fmt: skip

_NUM = r"\d+(?:[.,]\d+)*"
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|com|eu|org|net|info|be)\b(?:/[^\s<>\"')]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+31|0031)[\s-]?\(?0?\)?\d(?:[\s-]?\d){7,8}|0\d{1,3}[\s-]?\d(?:[\s-]?\d){5,7}"
    r"|14[\s-]?0\d{2,3}|0[89]00[\s-]?\d{4}(?:[\s-]?\d{3})?|112)(?![\d]|[.,]\d)"
)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})\b")
_DATE_WORDS = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:\s+(\d{4}))?\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(" + _NUM + "|" + "|".join(NUMBER_WORDS) + r")\s+(" + "|".join(UNITS) + r")\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:€|eur\b|euro\b)\s*(" + _NUM + r")(?:,-)?|(" + _NUM + r")\s*(?:euro|eur)\b", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w])" + _NUM + r"(?![\w])")


@dataclass(frozen=True, slots=True)
class Grounding:
    """The verdict: ``ok`` when every fact of the answer is found in the sources."""

    ok: bool
    missing: list[str] = field(default_factory=list)
    checked: int = 0


def _number(text: str) -> str:
    """Canonical number: "1.234,56" → "1234.56", "112,00" → "112", "0,90" → "0.9"."""
    value = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", value):
        value = value.replace(".", "")
    value = value.replace(",", ".")
    if value.count(".") > 1:
        return value
    whole, _dot, fraction = value.partition(".")
    fraction = fraction.rstrip("0")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def _url(text: str) -> str:
    value = text.lower().rstrip(".,;:!?/")
    value = re.sub(r"^https?://", "", value)
    return value.removeprefix("www.").rstrip("/")


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif text.strip().startswith("+31"):
        digits = "0" + digits[2:]
    return digits.replace("00", "0", 1) if digits.startswith("000") else digits


def _period_number(word: str) -> str:
    return str(NUMBER_WORDS[word.lower()]) if word.lower() in NUMBER_WORDS else _number(word)


def _take(
    pattern: re.Pattern[str], text: str, canon: Callable[[re.Match[str]], tuple[str, str]]
) -> tuple[set[tuple[str, str]], str]:
    """The facts ``pattern`` finds, and ``text`` with those spans blanked out."""
    found = {canon(m) for m in pattern.finditer(text)}
    return found, pattern.sub(" ", text)


def facts(text: str) -> set[tuple[str, str]]:
    """(kind, canonical value) of every checkable fact in ``text``.

    Order matters: addresses, dates, amounts and phone numbers are taken out first, so the
    digits inside them are not checked again as loose numbers.
    """
    found: set[tuple[str, str]] = set()
    rest = text
    steps: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, str]]], ...] = (
        (_EMAIL, lambda m: ("adres", m.group(0).lower())),
        (_URL, lambda m: ("adres", _url(m.group(0)))),
        (_DATE_NUMERIC, lambda m: ("datum", f"{int(m.group(1))}-{int(m.group(2))}")),
        (_DATE_WORDS, lambda m: ("datum", f"{int(m.group(1))}-{MONTHS[m.group(2).lower()]}")),
        (_AMOUNT, lambda m: ("bedrag", _number(m.group(1) or m.group(2)))),
        (_PHONE, lambda m: ("telefoon", _digits(m.group(0)))),
        (
            _PERIOD,
            lambda m: ("periode", f"{_period_number(m.group(1))} {UNITS[m.group(2).lower()]}"),
        ),
    )
    for pattern, canon in steps:
        taken, rest = _take(pattern, rest, canon)
        found |= taken
    for match in _NUMBER.finditer(rest):
        found.add(("getal", _number(match.group(0))))
    return found


def _supported(fact: tuple[str, str], available: set[tuple[str, str]]) -> bool:
    if fact in available:
        return True
    kind, value = fact
    if kind in {"bedrag", "getal"}:  # "€ 112" in one text, a bare "112" in the other
        return ("getal", value) in available or ("bedrag", value) in available
    if kind == "adres":  # a shorter address that is part of a cited one
        return any(k == "adres" and v.startswith(value) for k, v in available)
    return False


def check(answer: str, sources: Iterable[str]) -> Grounding:
    """Is every fact of ``answer`` in one of ``sources``?"""
    wanted = facts(answer)
    available: set[tuple[str, str]] = set()
    for source in sources:
        available |= facts(source)
    missing = sorted(
        f"{kind}:{value}" for kind, value in wanted if not _supported((kind, value), available)
    )
    return Grounding(ok=not missing, missing=missing, checked=len(wanted))
