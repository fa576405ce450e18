"""k-anonymity for every figure the signals show (contracts §10).

- A figure rests on at least ``K`` contacts, and on at least ``K`` distinct people where
  people are identifiable (residents in repeat contacts; employees of a team); otherwise it is
  suppressed and counted.
- A change (window against baseline) is suppressed when *either* side is below the threshold,
  so nothing can be learned by differencing.
- A team with fewer than ``K`` people is not reported on its own; it is merged into the next
  level (the whole municipality).

Figures are about topics and channels only: nothing here is ever grouped by employee.
"""

from __future__ import annotations

from dataclasses import dataclass, field

K = 5


def shown(contacts: int, people: int | None = None, k: int = K) -> bool:
    """May a figure built on ``contacts`` (and ``people``) be shown?"""
    return contacts >= k and (people is None or people >= k)


def change_shown(
    before: int,
    after: int,
    people_before: int | None = None,
    people_after: int | None = None,
    k: int = K,
) -> bool:
    """May a change between two periods be shown? Both sides must pass on their own."""
    return shown(before, people_before, k) and shown(after, people_after, k)


@dataclass(slots=True)
class Suppression:
    """Counts the cells that were left out because they rest on too few contacts or people."""

    k: int = K
    count: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def check(self, kind: str, contacts: int, people: int | None = None) -> bool:
        if shown(contacts, people, self.k):
            return True
        self._count(kind)
        return False

    def check_change(
        self,
        kind: str,
        before: int,
        after: int,
        people_before: int | None = None,
        people_after: int | None = None,
    ) -> bool:
        if change_shown(before, after, people_before, people_after, self.k):
            return True
        self._count(kind)
        return False

    def add(self, kind: str, cells: int) -> None:
        if cells > 0:
            self.count += cells
            self.reasons[kind] = self.reasons.get(kind, 0) + cells

    def _count(self, kind: str) -> None:
        self.add(kind, 1)
