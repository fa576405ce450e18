"""How teams rely on Reisgenoot's registration proposals, per team and month — never per person.

The source is the audit trail: every confirmed registration is an event
``klantcontact_bevestigd`` with the fields the employee changed (``gewijzigd``) and how long
the review took (``controle_seconden``). Per team and calendar month (Europe/Amsterdam):

- the share of proposals confirmed unchanged (a high share can mean good proposals — or
  proposals confirmed without looking: read it beside the review time);
- the edit rate per field (how often the employee changed onderwerp, inhoud, resultaat, …);
- the median review time.

A figure is shown only when it rests on at least :data:`MIN_PEOPLE` different employees and
:data:`MIN_REVIEWS` reviews (contracts §10); a smaller team shows only in the row of the whole
municipality. An employee can see their own review history (:func:`own_history`), nobody
else's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.store.audit import AuditEvent

CONFIRMED = "klantcontact_bevestigd"
MIN_PEOPLE = 5
MIN_REVIEWS = 20
ALL_TEAMS = "Hele gemeente"
LOCAL = ZoneInfo("Europe/Amsterdam")
# The review form's field paths, by family, with the label a teamleider reads.
FIELD_LABELS = {
    "onderwerp": "Onderwerp",
    "inhoud": "Samenvatting",
    "reactie": "Reactie",
    "kanaal": "Kanaal",
    "upl": "Product (UPL)",
    "specifiekeVraag": "Vraag",
    "gespreksresultaat": "Resultaat",
    "interneTaak": "Vervolgtaak",
}

__all__ = [
    "ALL_TEAMS",
    "FIELD_LABELS",
    "MIN_PEOPLE",
    "MIN_REVIEWS",
    "Review",
    "TeamMonth",
    "own_history",
    "reliance",
    "reviews",
]


@dataclass(frozen=True)
class Review:
    """One confirmed proposal, as the audit trail recorded it."""

    actor: str
    month: str  # JJJJ-MM, local time
    changed: tuple[str, ...]
    seconds: int


@dataclass
class TeamMonth:
    """The figures of one team in one month; ``shown`` is False when they are suppressed."""

    team: str
    month: str
    shown: bool
    reviews: int = 0  # only when shown
    unchanged_share: float | None = None
    median_seconds: float | None = None
    edit_rate: dict[str, float] = field(default_factory=dict)

    def most_changed(self, count: int = 3) -> list[tuple[str, float]]:
        """The fields changed most often, with their rate (highest first)."""
        return sorted(self.edit_rate.items(), key=lambda item: (-item[1], item[0]))[:count]

    def as_dict(self) -> dict[str, Any]:
        if not self.shown:
            return {"team": self.team, "maand": self.month, "getoond": False}
        return {
            "team": self.team,
            "maand": self.month,
            "getoond": True,
            "controles": self.reviews,
            "ongewijzigd_bevestigd": self.unchanged_share,
            "mediaan_controletijd_seconden": self.median_seconds,
            "wijzigingen_per_veld": self.edit_rate,
        }


def field_family(path: str) -> str:
    """``vragen[1].upl`` → ``upl``; ``interneTaak.toelichting`` → ``interneTaak``."""
    if path.startswith("interneTaak"):
        return "interneTaak"
    return path.rsplit(".", 1)[-1]


def _month(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).strftime("%Y-%m")


def reviews(session: Session, actors: Iterable[str] | None = None) -> list[Review]:
    """Every confirmed proposal in the audit trail (of ``actors`` only, when given)."""
    statement = select(AuditEvent.actor, AuditEvent.at, AuditEvent.details).where(
        AuditEvent.action == CONFIRMED
    )
    if actors is not None:
        statement = statement.where(AuditEvent.actor.in_(list(actors)))
    found = []
    for actor, at, details in session.execute(statement.order_by(AuditEvent.seq)):
        details = details or {}
        changed = details.get("gewijzigd") or []
        found.append(
            Review(
                actor=actor,
                month=_month(at),
                changed=tuple(sorted({field_family(str(name)) for name in changed})),
                seconds=int(details.get("controle_seconden") or 0),
            )
        )
    return found


def _compute(team: str, month: str, items: Sequence[Review]) -> TeamMonth:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        for name in item.changed:
            counts[name] += 1
    total = len(items)
    return TeamMonth(
        team=team,
        month=month,
        shown=True,
        reviews=total,
        unchanged_share=round(sum(1 for i in items if not i.changed) / total, 3),
        median_seconds=float(median(i.seconds for i in items)),
        edit_rate={name: round(count / total, 3) for name, count in sorted(counts.items())},
    )


def _figures(team: str, month: str, items: Sequence[Review]) -> TeamMonth:
    """The figures of a group, or a suppressed row below the thresholds (contracts §10)."""
    if len({item.actor for item in items}) < MIN_PEOPLE or len(items) < MIN_REVIEWS:
        return TeamMonth(team=team, month=month, shown=False)
    return _compute(team, month, items)


def _team_of_actor(session: Session) -> dict[str, str]:
    rows = session.execute(select(User.username, Team.name).join(Team, User.team_id == Team.id))
    return {username: team for username, team in rows}


def reliance(session: Session, teams: Sequence[str] | None = None) -> list[TeamMonth]:
    """Figures per team and month, newest month first; ``teams`` limits the teams shown.

    Without ``teams`` (a beheerder) the whole municipality is added as a row of its own, so
    reviews of teams too small to show still count somewhere.
    """
    team_of = _team_of_actor(session)
    by_team: dict[tuple[str, str], list[Review]] = defaultdict(list)
    for review in reviews(session):
        team = team_of.get(review.actor)
        if team is not None and (teams is None or team in teams):
            by_team[(team, review.month)].append(review)
        if teams is None:
            by_team[(ALL_TEAMS, review.month)].append(review)
    rows = [_figures(team, month, items) for (team, month), items in by_team.items()]
    rows.sort(key=lambda r: (r.team != ALL_TEAMS, r.team))
    rows.sort(key=lambda r: r.month, reverse=True)
    return rows


def own_history(session: Session, username: str) -> list[TeamMonth]:
    """An employee's own figures per month (seen only by that employee; no threshold)."""
    by_month: dict[str, list[Review]] = defaultdict(list)
    for review in reviews(session, actors=[username]):
        by_month[review.month].append(review)
    # No threshold: it protects colleagues, and these are the employee's own reviews.
    return [_compute("", month, items) for month, items in sorted(by_month.items(), reverse=True)]
