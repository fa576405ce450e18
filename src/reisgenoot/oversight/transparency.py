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

STANDARD_VERSION = "1.0"
STATUS_IN_USE = "In gebruik"
LANGUAGE = "nld"
PROVIDER = "Reisgenoot (open source)"

__all__ = [
    "AiFunction",
    "Figure",
    "ModelCard",
    "ai_functions",
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
class ModelCard:
    model: str
    data: str
    people: str  # how people stay in charge
    limits: str
    figures: tuple[Figure, ...]


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
                ),
            )
        )
    return tuple(functions)


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
