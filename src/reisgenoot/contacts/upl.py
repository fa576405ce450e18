"""The municipal products of the UPL: the vocabulary of contact topics.

A klantcontact's vraag names its product by its exact name in the Uniforme Productnamenlijst
(``Vraag.upl``), and the kennisbank files its articles under the same names, so the list lives
here, at the lowest package that both use. ``contacts/data/upl.json`` holds every product with
``Gemeente=X`` except the placeholder "UPL-naam nog niet beschikbaar", with its readable
variants, its SDG information areas and the trefwoorden of the demo kennisbank's articles
about it. ``scripts/assist_topics.py`` writes it from ``vendor/upl`` (source and licence:
``contacts/data/SOURCE.md``); it is read once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["UplProduct", "upl_names", "upl_products"]


@dataclass(frozen=True, slots=True)
class UplProduct:
    """One municipal UPL product."""

    naam: str
    varianten: tuple[str, ...] = ()  # readable forms of the name ("parkeervergunning")
    sdg: tuple[str, ...] = ()  # SDG information areas
    trefwoorden: tuple[str, ...] = ()  # the kennisbank's keywords for it


@cache
def upl_products() -> tuple[UplProduct, ...]:
    """Every municipal UPL product, sorted by name."""
    resource = resources.files("reisgenoot.contacts").joinpath("data", "upl.json")
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return tuple(
        UplProduct(
            str(item["naam"]),
            tuple(item.get("varianten", [])),
            tuple(item.get("sdg", [])),
            tuple(item.get("trefwoorden", [])),
        )
        for item in raw["products"]
    )


@cache
def upl_names() -> frozenset[str]:
    """The exact names of the municipal UPL products."""
    return frozenset(product.naam for product in upl_products())
