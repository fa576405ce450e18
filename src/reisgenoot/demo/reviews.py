"""Review events of the demo's history, so that ``/toezicht`` has figures to show.

The synthetic history (:mod:`reisgenoot.demo.history`) holds contacts with their employee and
team but no review of a proposal. Here each demo employee reviews one proposal a working day —
the first contact they handled that day — as an audit event ``klantcontact_bevestigd`` dated at
the end of that contact, with what a review records (ADR 22): the fields changed, the
review time, whether a source was opened, the hand-off advice and whether it was followed, and
under "eerst zelf, dan AI" the own choice. Team Zuid works "eerst zelf" from the middle of the
history on, so its months and the whole municipality show the figures with and without.

Everything is drawn from one :class:`random.Random` seeded with the demo seed: the same seed
and end day give the same events. The rates below are invented for the demo, not measured.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team
from reisgenoot.assist.suggestions import advice_followed
from reisgenoot.demo.accounts import TEAM_ZUID
from reisgenoot.demo.synthetic import SyntheticContact
from reisgenoot.store import audit

CONFIRMED = "klantcontact_bevestigd"
SELF_FIRST_TEAM = TEAM_ZUID
# How often a reviewer changes a field of the proposal (by field path), in the demo.
EDIT_RATES = {
    "onderwerp": 0.22,
    "inhoud": 0.30,
    "reactie": 0.10,
    "vragen[0].upl": 0.07,
    "vragen[0].gespreksresultaat": 0.09,
    "interneTaak": 0.04,
}
SOURCE_OPENED = 0.42
ADVICE_FOLLOWED = 0.7
OWN_SAME = {"upl": 0.78, "gespreksresultaat": 0.70}
GIVES_WAY = 0.45  # an own choice that differed becomes the proposal's after seeing it
OWN_PATHS = {"upl": "vragen[0].upl", "gespreksresultaat": "vragen[0].gespreksresultaat"}

__all__ = ["SELF_FIRST_TEAM", "seed_reviews"]


@dataclass(frozen=True, slots=True)
class _Choice:
    same: dict[str, bool]
    final: dict[str, bool]


def _first_of_each_day(history: Sequence[SyntheticContact]) -> list[SyntheticContact]:
    """Per employee and working day the first contact (the history is sorted by time)."""
    seen: set[tuple[str, date]] = set()
    found = []
    for contact in history:
        day = contact.plaatsgevonden_op.date()
        if day.weekday() < 5 and (contact.employee, day) not in seen:
            seen.add((contact.employee, day))
            found.append(contact)
    return found


def _own_choice(rng: random.Random) -> _Choice:
    same = {name: rng.random() < rate for name, rate in OWN_SAME.items()}
    final = {name: same[name] or rng.random() < GIVES_WAY for name in OWN_PATHS}
    return _Choice(same, final)


def _advice(contact: SyntheticContact) -> str | None:
    if contact.tone == "boos":
        return "escalatie"
    return "specialist" if contact.complex else None


def _details(contact: SyntheticContact, rng: random.Random, self_first: bool) -> dict[str, Any]:
    changed = {path for path, rate in EDIT_RATES.items() if rng.random() < rate}
    first: dict[str, Any] | None = None
    if self_first:
        choice = _own_choice(rng)
        for name, path in OWN_PATHS.items():
            changed.discard(path)
            if not choice.final[name]:
                changed.add(path)  # kept the own choice against the proposal
        first = {
            "keuze": {
                "upl": contact.vragen[0].upl,
                "gespreksresultaat": contact.vragen[0].gespreksresultaat,
            },
            "zelfde_als_voorstel": choice.same,
            "definitief_als_voorstel": choice.final,
        }
    advice = _advice(contact)
    # The synthetic outcomes were drawn without any advice: followed as registered, or else
    # at the demo's rate (an invented figure, like the rest).
    registered = [v.gespreksresultaat for v in contact.vragen]
    followed = (
        advice_followed(registered, contact.task is not None) or rng.random() < ADVICE_FOLLOWED
    )
    return {
        "gewijzigd": sorted(changed),
        "controle_seconden": max(
            8, round(rng.lognormvariate(math.log(75 if self_first else 60), 0.55))
        ),
        "beurten": 0,
        "vragen": len(contact.vragen),
        "interne_taak": contact.task is not None,
        "bron_geopend": rng.random() < SOURCE_OPENED,
        "doorverwijsadvies": advice,
        "advies_gevolgd": followed if advice else None,
        "eerst_zelf": first,
        "demo": True,
    }


def seed_reviews(
    session: Session,
    history: Sequence[SyntheticContact],
    *,
    audit_key: bytes,
    seed: int,
    switch_day: date,
) -> int:
    """Record the demo's review events; Team Zuid works "eerst zelf" from ``switch_day`` (and
    has the setting on). Returns how many reviews were recorded."""
    rng = random.Random(seed * 7919 + 20)
    count = 0
    for contact in _first_of_each_day(history):
        self_first = (
            contact.team == SELF_FIRST_TEAM and contact.plaatsgevonden_op.date() >= switch_day
        )
        moment: datetime = contact.registered_at.astimezone(UTC)
        audit.record(
            session,
            audit_key,
            actor=contact.employee,
            action=CONFIRMED,
            object_type="klantcontact",
            object_id=contact.uuid,
            details=_details(contact, rng, self_first),
            at=moment,
        )
        count += 1
    team = session.query(Team).filter(Team.name == SELF_FIRST_TEAM).one_or_none()
    if team is not None:
        team.self_first = True
    return count
