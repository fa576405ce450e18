"""The questionnaire: five dimensions, 3–4 statements each on a 5-point scale, one open question.

The standard set (``data/standaardvragen.yaml``, B1 Dutch, written from the source text) is
version 1. A beheerder can change the wording, add or remove statements: that stores a new
version; rounds and answers keep the version they were given on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.errors import ReisgenootError
from reisgenoot.impact.models import QuestionSet

DIMENSIONS = ("emotioneel", "functioneel", "professioneel", "ontwikkeling", "kritisch")
DIRECTIONS = ("positief", "zorg")
MIN_STATEMENTS = 3
MAX_STATEMENTS = 4
MAX_TEXT = 300
SCALE_SIZE = 5


class ImpactError(ReisgenootError):
    """The impact dialogue: question sets, rounds and answers."""

    code = "impact_fout"


@dataclass(frozen=True, slots=True)
class Statement:
    key: str
    text: str
    direction: str  # "positief": agreeing is good news; "zorg": agreeing is a concern

    def score(self, value: int) -> int:
        """The value on the dimension's scale, where 5 is always the favourable end."""
        return value if self.direction == "positief" else SCALE_SIZE + 1 - value


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    name: str
    intro: str
    statements: tuple[Statement, ...]
    open_question: str
    conversation: tuple[str, ...]

    @property
    def open_key(self) -> str:
        return f"{self.key}_open"


@dataclass(frozen=True, slots=True)
class QuestionSetData:
    version: int
    scale: tuple[str, ...]
    dimensions: tuple[Dimension, ...]

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)

    def statement(self, key: str) -> Statement | None:
        for dimension in self.dimensions:
            for statement in dimension.statements:
                if statement.key == key:
                    return statement
        return None

    def dimension_of(self, question_key: str) -> str | None:
        for dimension in self.dimensions:
            if question_key == dimension.open_key:
                return dimension.key
            if any(s.key == question_key for s in dimension.statements):
                return dimension.key
        return None


def _invalid(detail: str) -> ImpactError:
    return ImpactError(detail, code="vragenlijst_ongeldig", detail=detail)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{what} ontbreekt")
    text = " ".join(value.split())
    if len(text) > MAX_TEXT:
        raise _invalid(f"{what} is langer dan {MAX_TEXT} tekens")
    return text


def _statement(raw: Mapping[str, Any], where: str) -> Statement:
    direction = raw.get("richting")
    if direction not in DIRECTIONS:
        raise _invalid(f"{where}: richting moet 'positief' of 'zorg' zijn")
    return Statement(
        _text(raw.get("sleutel"), f"{where}: sleutel"), _text(raw.get("tekst"), where), direction
    )


def _dimension(raw: Mapping[str, Any], key: str) -> Dimension:
    statements = tuple(
        _statement(s, f"{key}, stelling {i + 1}") for i, s in enumerate(raw.get("stellingen") or [])
    )
    if not MIN_STATEMENTS <= len(statements) <= MAX_STATEMENTS:
        raise _invalid(f"{key}: geef {MIN_STATEMENTS} of {MAX_STATEMENTS} stellingen")
    return Dimension(
        key=key,
        name=_text(raw.get("naam"), f"{key}: naam"),
        intro=_text(raw.get("uitleg"), f"{key}: uitleg"),
        statements=statements,
        open_question=_text(raw.get("open"), f"{key}: open vraag"),
        conversation=tuple(
            _text(q, f"{key}: gespreksvraag") for q in raw.get("gespreksvragen") or []
        ),
    )


def parse(content: Mapping[str, Any], version: int | None = None) -> QuestionSetData:
    """Check a question set (the YAML/JSON shape) and turn it into typed data."""
    raw_dimensions = content.get("dimensies") or []
    keys = tuple(d.get("sleutel") for d in raw_dimensions)
    if keys != DIMENSIONS:
        raise _invalid("de vijf dimensies moeten er alle vijf zijn, in de vaste volgorde")
    dimensions = tuple(
        _dimension(raw, key) for raw, key in zip(raw_dimensions, DIMENSIONS, strict=True)
    )
    all_keys = [s.key for d in dimensions for s in d.statements]
    if len(all_keys) != len(set(all_keys)):
        raise _invalid("elke stelling heeft een eigen sleutel nodig")
    scale = tuple(str(s) for s in content.get("schaal") or ())
    if len(scale) != SCALE_SIZE:
        raise _invalid("de schaal heeft 5 stappen")
    return QuestionSetData(int(version or content.get("versie") or 1), scale, dimensions)


@cache
def standard_content() -> dict[str, Any]:
    """The standard set as stored (version 1)."""
    path = resources.files("reisgenoot.impact") / "data" / "standaardvragen.yaml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def latest_version(session: Session) -> int | None:
    return session.scalar(select(func.max(QuestionSet.version)))


def current(session: Session) -> QuestionSetData:
    """The newest version; the standard set is stored as version 1 on first use."""
    version = latest_version(session)
    if version is None:
        content = dict(standard_content())
        parse(content, 1)
        session.add(QuestionSet(version=1, content=content))
        session.flush()
        version = 1
    return get(session, version)


def get(session: Session, version: int) -> QuestionSetData:
    row = session.get(QuestionSet, version)
    if row is None:
        raise ImpactError("unknown question set version", code="vragenlijst_onbekend")
    return parse(row.content, row.version)


def to_content(data: QuestionSetData) -> dict[str, Any]:
    """The storable shape of ``data``."""
    return {
        "versie": data.version,
        "schaal": list(data.scale),
        "dimensies": [
            {
                "sleutel": d.key,
                "naam": d.name,
                "uitleg": d.intro,
                "stellingen": [
                    {"sleutel": s.key, "tekst": s.text, "richting": s.direction}
                    for s in d.statements
                ],
                "open": d.open_question,
                "gespreksvragen": list(d.conversation),
            }
            for d in data.dimensions
        ],
    }


def _revised_statements(
    dimension: Dimension, form: Mapping[str, str], version: int
) -> list[dict[str, str]]:
    statements: list[dict[str, str]] = []
    for slot in range(MAX_STATEMENTS):
        prefix = f"{dimension.key}__s{slot}__"
        text = form.get(prefix + "tekst", "").strip()
        if not text:
            continue
        key = form.get(prefix + "sleutel", "").strip()
        known = {s.key for s in dimension.statements}
        statements.append(
            {
                "sleutel": key if key in known else f"{dimension.key[:3]}_v{version}_{slot + 1}",
                "tekst": text,
                "richting": form.get(prefix + "richting", "positief"),
            }
        )
    return statements


def revise(old: QuestionSetData, form: Mapping[str, str], version: int) -> QuestionSetData:
    """A new version from the edit form (fields ``<dim>__s<i>__tekst|richting|sleutel``,
    ``<dim>__open``); raises :class:`ImpactError` when the result is not a valid set."""
    content = to_content(old)
    content["versie"] = version
    for raw, dimension in zip(content["dimensies"], old.dimensions, strict=True):
        raw["stellingen"] = _revised_statements(dimension, form, version)
        raw["open"] = form.get(f"{dimension.key}__open", "")
    return parse(content, version)


def save_version(session: Session, data: QuestionSetData) -> int:
    """Store ``data`` as the next version and return its number."""
    version = (latest_version(session) or 0) + 1
    content = to_content(data)
    content["versie"] = version
    parse(content, version)
    session.add(QuestionSet(version=version, content=content))
    session.flush()
    return version
