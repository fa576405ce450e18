"""Start-page cards: each capability supplies its own (``<capability>/cards.py``).

A card links a role to a page of a capability. ``create_app`` gathers the cards of every
capability (composition in one place) and the start page of a role shows its cards sorted by
``order``. The web layer only knows the shape, never which capabilities exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reisgenoot.accounts.models import Role


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    text: str
    href: str | None = None  # None: komt binnenkort


@dataclass(frozen=True, slots=True)
class RoleCard:
    """``card`` on the start page of ``role``; a lower ``order`` comes first."""

    role: Role
    order: int
    card: Card


def for_roles(card: Card, **orders: int) -> tuple[RoleCard, ...]:
    """The same card on several start pages: ``for_roles(card, medewerker=20, redacteur=20)``."""
    return tuple(RoleCard(Role(role), order, card) for role, order in orders.items())


def cards_for(role: Role, supplied: Iterable[RoleCard]) -> tuple[Card, ...]:
    """The cards of one role's start page, in order."""
    mine = sorted((c for c in supplied if c.role is role), key=lambda c: c.order)
    return tuple(c.card for c in mine)
