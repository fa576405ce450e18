"""The word lists behind name and address detection, read once from the package data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

_TITLES = (
    "mevrouw mevr mevr. mw mw. mvr mvr. meneer mijnheer mnr mnr. dhr dhr. heer hr hr. "
    "mr mr. dr dr. drs drs. ir ir. ing ing. prof prof. fam fam. familie juffrouw"
)


@dataclass(frozen=True, slots=True)
class WordLists:
    first_names: frozenset[str]
    surnames: frozenset[str]
    particles: tuple[str, ...]
    particle_words: frozenset[str]
    ambiguous: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]
    place_phrases: frozenset[str]
    occupations: frozenset[str]
    products: frozenset[str]
    product_phrases: frozenset[str]
    street_suffixes: tuple[str, ...]
    street_words: frozenset[str]
    titles: frozenset[str]


def _words(name: str) -> list[str]:
    path = resources.files("reisgenoot.language").joinpath("data", "pii", name)
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.extend(line.split())
    return words


def _lines(name: str) -> list[str]:
    path = resources.files("reisgenoot.language").joinpath("data", "pii", name)
    rows = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [row.lower() for row in rows if row and not row.startswith("#")]


@cache
def lists() -> WordLists:
    """All lists, lower-cased; loaded on first use."""
    particles = tuple(sorted(set(_lines("particles.txt")), key=len, reverse=True))
    particle_words = frozenset(word for p in particles for word in p.split())
    products = [w.lower() for w in _words("products.txt")]
    suffixes = tuple(sorted(set(_lines("street_suffixes.txt")), key=len, reverse=True))
    return WordLists(
        first_names=frozenset(w.lower() for w in _words("first_names.txt")),
        surnames=frozenset(w.lower() for w in _words("surnames.txt")),
        particles=particles,
        particle_words=particle_words,
        ambiguous=frozenset(w.lower() for w in _words("ambiguous.txt")),
        not_names=frozenset(w.lower() for w in _words("not_names.txt")),
        places=frozenset(w.lower() for w in _words("places.txt") if "_" not in w),
        place_phrases=frozenset(
            w.lower().replace("_", " ") for w in _words("places.txt") if "_" in w
        ),
        occupations=frozenset(w.lower() for w in _words("occupations.txt")),
        products=frozenset(w for w in products if "_" not in w),
        product_phrases=frozenset(w.replace("_", " ") for w in products if "_" in w),
        street_suffixes=suffixes,
        street_words=frozenset(_lines("street_words.txt")),
        titles=frozenset(_TITLES.split()),
    )
