"""What the residents of the demo municipality ask about: topics and their families.

A :class:`Topic` is an exact UPL name with its popularity (a relative weight) and the specific
questions residents ask about it; its :class:`Family` holds what a group of topics shares (the
department that gets the contactverzoeken, the residents' tone, how often a contact is complex
or needs a contactverzoek, fallback questions). The tables are data, read once at import:
``demo/data/history/families.yaml`` and ``topics.yaml`` (see ``SOURCE.md`` there). The order
of :data:`TOPICS` is part of the seed: the same order gives the same history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reisgenoot.demo.datafiles import DataFileError, mapping, number, numbers, read_yaml, strings

ToneShares = tuple[float, float, float, float]  # boos, bezorgd, neutraal, positief

EXTRA_TOPIC_WEIGHT = 0.3  # popularity of a kennisbank topic missing from TOPICS
EXTRA_TOPIC_FAMILY = "overig"  # and its family


@dataclass(frozen=True, slots=True)
class Family:
    """Shared traits of a group of topics."""

    name: str
    department: str  # organisatorische eenheid that gets the contactverzoeken
    tone: ToneShares  # boos, bezorgd, neutraal, positief
    complex_share: float
    task_share: float  # chance of a contactverzoek when the contact is handled by the KCC
    handeling: str  # gevraagdeHandeling of those tasks besides Terugbelverzoek
    templates: tuple[str, ...]  # fallback specific questions; {p} is the UPL name
    confidential_share: float = 0.0  # chance that a contact is marked vertrouwelijk


@dataclass(frozen=True, slots=True)
class Topic:
    """A UPL name with its popularity (relative weight) and question templates."""

    upl: str
    family: Family
    weight: float
    templates: tuple[str, ...] = ()
    tone: ToneShares | None = None
    department: str | None = None

    @property
    def tone_shares(self) -> ToneShares:
        return self.tone or self.family.tone

    @property
    def dept(self) -> str:
        return self.department or self.family.department


def _tone(value: Any, where: str) -> ToneShares:
    a, b, c, d = numbers(value, f"{where}.tone", length=4)
    return (a, b, c, d)


def _family(name: str, value: Any) -> Family:
    where = f"families.yaml: {name}"
    row = mapping(value, where)
    return Family(
        name=name,
        department=str(row["department"]),
        tone=_tone(row["tone"], where),
        complex_share=number(row["complex_share"], f"{where}.complex_share"),
        task_share=number(row["task_share"], f"{where}.task_share"),
        handeling=str(row["handeling"]),
        templates=strings(row["templates"], f"{where}.templates"),
        confidential_share=number(row.get("confidential_share", 0.0), where),
    )


def _topic(value: Any, families: Mapping[str, Family]) -> Topic:
    row = mapping(value, "topics.yaml")
    where = f"topics.yaml: {row.get('upl')}"
    family = families.get(str(row.get("family")))
    if family is None:
        raise DataFileError(f"{where}: unknown family {row.get('family')!r}")
    return Topic(
        upl=str(row["upl"]),
        family=family,
        weight=number(row["weight"], f"{where}.weight"),
        templates=strings(row.get("templates"), f"{where}.templates"),
        tone=_tone(row["tone"], where) if "tone" in row else None,
        department=str(row["department"]) if "department" in row else None,
    )


def _load() -> tuple[tuple[Family, ...], tuple[Topic, ...]]:
    rows = mapping(read_yaml("history", "families.yaml"), "families.yaml")
    families = {name: _family(name, row) for name, row in rows.items()}
    topics = tuple(_topic(row, families) for row in read_yaml("history", "topics.yaml"))
    names = [t.upl for t in topics]
    if len(names) != len(set(names)):
        raise DataFileError("topics.yaml: a UPL name is listed twice")
    return tuple(families.values()), topics


FAMILIES, TOPICS = _load()
_BY_NAME = {f.name: f for f in FAMILIES}


def family(name: str) -> Family:
    """The family called ``name`` (e.g. ``"belastingen"``)."""
    return _BY_NAME[name]


def with_article_topics(topics: Sequence[Topic], upls: Iterable[str]) -> tuple[Topic, ...]:
    """``topics`` plus every article UPL name not in it (rare, family "overig"), sorted in."""
    known = {t.upl for t in topics}
    extra = sorted({u for u in upls if u and u not in known})
    rare = family(EXTRA_TOPIC_FAMILY)
    return (*topics, *(Topic(u, rare, EXTRA_TOPIC_WEIGHT) for u in extra))
