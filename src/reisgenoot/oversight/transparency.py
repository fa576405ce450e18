"""Transparency about Reisgenoot's AI: Algoritmeregister records and model cards.

The AI functions and their texts live in ``data/functions.yaml``; the field definitions of the
Algoritmeregister publication standard 1.0 in ``data/algoritmeregister-1.0.json`` (vendored,
EUPL-1.2). :func:`register_records` fills in what depends on the installation (organisation,
contact address) and :func:`problems` checks a record against the standard: required fields,
types, maximum lengths and permitted values — the same rules the register applies when a
record is delivered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.orm import Session

from reisgenoot.learning import registry
from reisgenoot.learning.training import OWN

STANDARD_VERSION = "1.0"
STATUS_IN_USE = "In gebruik"
LANGUAGE = "nld"
PROVIDER = "Reisgenoot (open source)"

__all__ = [
    "AiFunction",
    "Figure",
    "Learned",
    "Learning",
    "ModelCard",
    "ai_functions",
    "learned",
    "problems",
    "register_records",
    "standard_fields",
]


@dataclass(frozen=True)
class Figure:
    """One measured figure of a model card, from the blind-test column of docs/evaluation.md."""

    section: str  # heading of docs/evaluation.md it comes from
    row: str  # first cell of its row there
    value: float
    b1: str  # the figure in plain words; {n} is the value per hundred

    @property
    def plain(self) -> str:
        return self.b1.format(n=round(self.value * 100))


@dataclass(frozen=True)
class Learning:
    """Which learned model (``reisgenoot learn``) a function uses, and how to say it in B1."""

    learner: str  # e.g. "assist.topics"
    b1: str  # {n}: number of confirmed examples, e.g. "Geleerd van {n} bevestigde gesprekken …"
    figure_b1: str = ""  # {n}: the active version's blind-dev figure per hundred ("" : none)


@dataclass(frozen=True)
class ModelCard:
    model: str
    data: str
    people: str  # how people stay in charge
    limits: str
    figures: tuple[Figure, ...]
    learning: Learning | None = None


@dataclass(frozen=True)
class Learned:
    """What a function has learned here: the active version of its learner."""

    examples: int
    version: int
    figure: float | None  # blind-dev main figure of the active version
    text: str  # B1: "Geleerd van N bevestigde gesprekken …" and the figure

    def as_dict(self) -> dict[str, Any]:
        return {
            "geleerd_van": self.examples,
            "versie": self.version,
            "blind_dev": self.figure,
            "tekst": self.text,
        }


@dataclass(frozen=True)
class AiFunction:
    id: str
    register: dict[str, Any]  # the standard's text fields
    card: ModelCard

    @property
    def name(self) -> str:
        return str(self.register["name"])

    @property
    def description(self) -> str:
        return str(self.register["description_short"])


def _data(name: str) -> str:
    return resources.files("reisgenoot.oversight").joinpath("data", name).read_text("utf-8")


@cache
def standard_fields() -> dict[str, dict[str, Any]]:
    """The fields of the publication standard, by name (the vendored definition)."""
    fields: dict[str, dict[str, Any]] = json.loads(_data("algoritmeregister-1.0.json"))[
        "properties"
    ]
    return fields


@cache
def ai_functions() -> tuple[AiFunction, ...]:
    """Every AI function of Reisgenoot, in the order of ``functions.yaml``."""
    raw = yaml.safe_load(_data("functions.yaml"))
    functions = []
    for item in raw["functions"]:
        card = item["card"]
        functions.append(
            AiFunction(
                id=item["id"],
                register=dict(item["register"]),
                card=ModelCard(
                    model=card["model"],
                    data=card["data"],
                    people=card["people"],
                    limits=card["limits"],
                    figures=tuple(Figure(**figure) for figure in card["figures"]),
                    learning=Learning(**card["learning"]) if card.get("learning") else None,
                ),
            )
        )
    return tuple(functions)


def learned(session: Session) -> dict[str, Learned]:
    """Per function id, what it has learned from this municipality's confirmed work: only
    functions whose learner has an active version (the packaged model learned nothing here)."""
    active = {row.learner: row for row in registry.versions(session) if row.active}
    found: dict[str, Learned] = {}
    for function in ai_functions():
        learning = function.card.learning
        row = active.get(learning.learner) if learning else None
        if learning is None or row is None:
            continue
        figure = row.after.get("main") if isinstance(row.after, dict) else None
        text = learning.b1.format(n=f"{row.examples:,}".replace(",", "."))
        if learning.figure_b1 and isinstance(figure, int | float):
            text += " " + learning.figure_b1.format(n=round(float(figure) * 100))
        text += _own_work_b1(row.before, row.after)
        found[function.id] = Learned(
            row.examples, row.number, float(figure) if figure is not None else None, text
        )
    return found


OWN_WORK_B1 = (
    " Getest op de nieuwste bevestigde gesprekken: {before} van de 100 goed met het vorige model,"
    " {after} met het nieuwe."
)


def _own_work_b1(before: object, after: object) -> str:
    """The gate's own-work figures of a version (ADR 88) in B1, or "" when not measured."""
    own = [
        (f.get("values") or {}).get(OWN) if isinstance(f, dict) else None for f in (before, after)
    ]
    shares = [round(float(v) * 100) for v in own if isinstance(v, int | float)]
    if len(shares) != 2:
        return ""
    return OWN_WORK_B1.format(before=shares[0], after=shares[1])


def register_records(organization: str, contact: str) -> list[dict[str, Any]]:
    """One Algoritmeregister record per AI function, in the standard's field names."""
    records = []
    for function in ai_functions():
        record: dict[str, Any] = {
            **function.register,
            "organization": organization,
            "contact_email": contact,
            "status": STATUS_IN_USE,
            "provider": PROVIDER,
            "lang": LANGUAGE,
            "standard_version": STANDARD_VERSION,
            "source_id": function.id,
        }
        records.append(record)
    return records


def _is_required(definition: dict[str, Any]) -> bool:
    # The standard writes `required` as a boolean, and once as the string "false".
    return definition.get("required") is True or definition.get("required") == "true"


def _value_problems(name: str, definition: dict[str, Any], value: Any) -> list[str]:
    kind = definition.get("type")
    title = definition.get("title", name)
    permitted: list[str] = list(definition.get("permitted_values") or [])
    if kind == "string":
        if not isinstance(value, str):
            return [f"{title} ({name}) moet tekst zijn."]
        limit = definition.get("max_length")
        if isinstance(limit, int) and len(value) > limit:
            return [f"{title} ({name}) is {len(value)} tekens; het maximum is {limit}."]
        return []
    if kind == "enum":
        if value not in permitted:
            return [f"{title} ({name}) moet een van deze waarden zijn: {', '.join(permitted)}."]
        return []
    if kind == "array":
        if not isinstance(value, list):
            return [f"{title} ({name}) moet een lijst zijn."]
        found = []
        limit = definition.get("max_items")
        if isinstance(limit, int) and len(value) > limit:
            found.append(f"{title} ({name}) heeft {len(value)} waarden; het maximum is {limit}.")
        if permitted:
            found += [
                f"{title} ({name}): '{item}' is geen toegestane waarde."
                for item in value
                if item not in permitted
            ]
        return found
    return []


def problems(record: dict[str, Any]) -> list[str]:
    """What keeps ``record`` from being a valid record of the standard, in Dutch (empty: valid)."""
    fields = standard_fields()
    found = [
        f"Het veld {name} bestaat niet in de publicatiestandaard."
        for name in record
        if name not in fields
    ]
    for name, definition in fields.items():
        value = record.get(name)
        if value is None or value == "" or value == []:
            if _is_required(definition):
                found.append(
                    f"Het verplichte veld {definition.get('title', name)} ({name}) ontbreekt."
                )
            continue
        found += _value_problems(name, definition, value)
    return found
