"""The municipality first: a source-priority rule for the municipality's own products.

The learned re-ranker (:mod:`reisgenoot.knowledge.rerank`) weighs source priority with one
weight for every question, and its pairwise fit keeps giving the "own source, covered product"
evidence a negative weight (ADR 46): for "hoeveel kost een paspoort" the national fee table
still came first. A weight cannot say *when* the municipality's article should win; the
products' metadata can:

- a national article (a source below the highest priority) **shadows** a municipal product
  when its title names that product (its UPL name or a readable variant; every product of
  ``contacts/data/upl.json`` is a ``Gemeente=X`` product, one the municipality delivers) and
  the municipality has its own article filed under it;
- when a shadowing national article comes first, the municipality's own article about the
  same product is among the first :data:`WITHIN` candidates, and the question asks about
  what the municipality itself sets for its product (its costs or renewing it: one of
  :data:`SERVICE_INTENTS` read with probability ≥ :data:`SERVICE_SHARE`), the
  municipality's article and the national one trade places (and re-ranker scores).

A national question about the same product ("waar staat mijn bsn op mijn paspoort", "hoe lang
blijft een paspoort geldig") keeps the national answer: it does not ask for the fee or the
renewal. A national
question about a product the municipality does not deliver (AOW) is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from reisgenoot.contacts.upl import upl_products
from reisgenoot.knowledge.understanding import Understanding

if TYPE_CHECKING:
    from reisgenoot.knowledge.retrieval import Doc, Ranked

# How far down the municipality's article may be and still win (it must be a real candidate).
WITHIN = 3
# The intents whose answer the municipality sets for its own products: its own fees (the
# national Q&A quotes the legal maxima) and renewing at its own counter. Not procedure, term,
# conditions or lost/stolen: read by the intent head, they are as often national questions
# about the product ("hoe zie ik of een paspoort echt is" reads procedure, "hoe lang blijft
# een paspoort geldig" term, "is mijn beschadigde paspoort geldig" lost/stolen).
SERVICE_INTENTS = ("kosten", "verlengen")
# The intent head must read one of those intents confidently: informational questions
# ("welke landen kan ik in met een id-kaart") spread their probability over several intents.
SERVICE_SHARE = 0.6
MIN_FORM = 4  # shorter names and variants match too much


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """Each municipal UPL product's name and readable variants, lower case."""
    return {
        p.naam: tuple(sorted({f.lower() for f in (p.naam, *p.varianten) if len(f) >= MIN_FORM}))
        for p in upl_products()
    }


def _names(title: str, product: str) -> bool:
    forms = _forms().get(product, (product.lower(),))
    text = title.lower()
    return any(re.search(rf"\b{re.escape(form)}\b", text) for form in forms)


def shadows(docs: Sequence[Doc], own: Sequence[float]) -> dict[str, frozenset[str]]:
    """Each article of a lower-priority source: the municipal products its title names.

    ``own`` is each article's source priority scaled to 0 … 1 (1: the municipality's own).
    Only products the municipality has its own article about count. The municipality's own
    articles have no entry.
    """
    pairs = list(zip(docs, own, strict=True))
    covered = sorted({d.upl for d, share in pairs if d.upl and share >= 1.0})
    return {
        d.source_id: frozenset(p for p in covered if _names(d.title, p))
        for d, share in pairs
        if share < 1.0
    }


def service_share(understanding: Understanding) -> float:
    """How confidently the question asks for a service the municipality delivers."""
    return max(understanding.intents.get(name, 0.0) for name in SERVICE_INTENTS)


def municipality_first(
    hits: list[Ranked],
    understanding: Understanding,
    shadowed: Mapping[str, frozenset[str]],
) -> list[Ranked]:
    """``hits`` with the municipality's own article first where the rule above says so.

    ``shadowed`` maps each lower-priority article's ``source_id`` to the products it shadows
    (see :func:`shadows`); the municipality's own articles have no entry.
    """
    if not hits:
        return hits
    products = shadowed.get(hits[0].doc.source_id)
    if not products or service_share(understanding) < SERVICE_SHARE:
        return hits
    for position in range(1, min(WITHIN, len(hits))):
        candidate = hits[position].doc
        if candidate.upl in products and candidate.source_id not in shadowed:
            first, moved = hits[0], hits[position]
            # The two trade places and scores, so the confidence reads the same margin.
            first.rerank, moved.rerank = moved.rerank, first.rerank
            return [moved, *hits[1:position], first, *hits[position + 1 :]]
    return hits
