"""How teams rely on Reisgenoot's registration proposals, per team and month — never per person.

The source is the audit trail: every confirmed registration is an event
``klantcontact_bevestigd`` with the fields the employee changed (``gewijzigd``) and how long
the review took (``controle_seconden``). Per team and calendar month (Europe/Amsterdam):

- the share of proposals confirmed unchanged (a high share can mean good proposals — or
  proposals confirmed without looking: read it beside the review time);
- the edit rate per field (how often the employee changed onderwerp, inhoud, resultaat, …);
- the median review time;
- the share of reviews in which the employee opened a cited source (``bron_geopend``);
- how often the advice to hand the conversation over (escalation or a specialist topic) was
  not followed in the registration (``doorverwijsadvies``: the employee overrode it);
- under "eerst zelf, dan AI" (a team setting: the employee chooses topic and outcome before
  the proposal shows): how often that own choice agreed with the proposal, how often a
  differing choice was given up for the proposal, and the same figures as above for the
  reviews with and without "eerst zelf" (ADR 22).

A figure is shown only when it rests on at least :data:`MIN_PEOPLE` different employees and
:data:`MIN_REVIEWS` reviews (contracts §10) — a share over part of the reviews (those with
advice, those under "eerst zelf") needs that part to pass on its own; a smaller team shows only in the row of the whole
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
# The choices an employee makes first under "eerst zelf, dan AI" (the main question's).
SELF_FIRST_FIELDS = ("upl", "gespreksresultaat")

__all__ = [
    "ALL_TEAMS",
    "FIELD_LABELS",
    "MIN_PEOPLE",
    "MIN_REVIEWS",
    "SELF_FIRST_FIELDS",
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
    sources_opened: bool | None = None  # None: not recorded (reviews before it was)
    advice: str | None = None  # the hand-off advice shown: "escalatie", "specialist"
    advice_followed: bool | None = None
    # Under "eerst zelf": per field of SELF_FIRST_FIELDS, (own choice == proposal,
    # final value == proposal); None when the review was not done "eerst zelf".
    self_first: dict[str, tuple[bool, bool]] | None = None


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
    sources_share: float | None = None
    advice: dict[str, Any] | None = None  # None: no advice in this row
    self_first: dict[str, Any] | None = None  # None: no review "eerst zelf" in this row
    direct: dict[str, Any] | None = None  # the reviews without "eerst zelf", beside it

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
            "bron_geopend": self.sources_share,
            "doorverwijsadvies": self.advice,
            "eerst_zelf": self.self_first,
            "zonder_eerst_zelf": self.direct,
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
        opened = details.get("bron_geopend")
        followed = details.get("advies_gevolgd")
        found.append(
            Review(
                actor=actor,
                month=_month(at),
                changed=tuple(sorted({field_family(str(name)) for name in changed})),
                seconds=int(details.get("controle_seconden") or 0),
                sources_opened=None if opened is None else bool(opened),
                advice=details.get("doorverwijsadvies") or None,
                advice_followed=None if followed is None else bool(followed),
                self_first=_self_first(details.get("eerst_zelf")),
            )
        )
    return found


def _self_first(recorded: Any) -> dict[str, tuple[bool, bool]] | None:
    """The agreement flags of a review done "eerst zelf" (None: not done so)."""
    if not isinstance(recorded, dict):
        return None
    same = recorded.get("zelfde_als_voorstel") or {}
    final = recorded.get("definitief_als_voorstel") or {}
    return {name: (bool(same.get(name)), bool(final.get(name))) for name in SELF_FIRST_FIELDS}


def _enough(items: Sequence[Review]) -> bool:
    """Whether a figure over ``items`` may be shown (contracts §10)."""
    return len({item.actor for item in items}) >= MIN_PEOPLE and len(items) >= MIN_REVIEWS


def _share(hits: int, total: int) -> float:
    return round(hits / total, 3)


def _base(items: Sequence[Review]) -> dict[str, Any]:
    """Reviews, unchanged share, median review time and edit rate per field of ``items``."""
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        for name in item.changed:
            counts[name] += 1
    total = len(items)
    return {
        "controles": total,
        "ongewijzigd_bevestigd": _share(sum(1 for i in items if not i.changed), total),
        "mediaan_controletijd_seconden": float(median(i.seconds for i in items)),
        "wijzigingen_per_veld": {name: _share(n, total) for name, n in sorted(counts.items())},
    }


def _part(items: Sequence[Review], checked: bool) -> bool:
    """A part of a row may be shown: it passes the thresholds itself (or is one's own)."""
    return bool(items) and (not checked or _enough(items))


def _sources(items: Sequence[Review], checked: bool) -> float | None:
    recorded = [i for i in items if i.sources_opened is not None]
    if not _part(recorded, checked):
        return None
    return _share(sum(1 for i in recorded if i.sources_opened), len(recorded))


def _advice(items: Sequence[Review], checked: bool) -> dict[str, Any] | None:
    advised = [i for i in items if i.advice is not None and i.advice_followed is not None]
    if not advised:
        return None
    if not _part(advised, checked):
        return {"getoond": False}
    overridden = sum(1 for i in advised if not i.advice_followed)
    return {
        "getoond": True,
        "adviezen": len(advised),
        "overschreven": _share(overridden, len(advised)),
    }


def _self_first_figures(items: Sequence[Review], checked: bool) -> dict[str, Any]:
    """Under "eerst zelf": agreement of the own choice with the proposal per field, and among
    own choices that differed, how often the final value became the proposal's."""
    if not _part(items, checked):
        return {"getoond": False}
    agreed = {
        name: _share(sum(1 for i in items if i.self_first and i.self_first[name][0]), len(items))
        for name in SELF_FIRST_FIELDS
    }
    differed = [
        (item, name)
        for item in items
        for name in SELF_FIRST_FIELDS
        if item.self_first and not item.self_first[name][0]
    ]
    people = list({id(item): item for item, _name in differed}.values())  # each review once
    switched = (
        _share(
            sum(1 for i, name in differed if i.self_first and i.self_first[name][1]), len(differed)
        )
        if _part(people, checked)
        else None
    )
    return {
        "getoond": True,
        **_base(items),
        "eigen_keuze_gelijk_aan_voorstel": agreed,
        "overgestapt_naar_voorstel": switched,
    }


def _compute(team: str, month: str, items: Sequence[Review], *, checked: bool) -> TeamMonth:
    base = _base(items)
    row = TeamMonth(
        team=team,
        month=month,
        shown=True,
        reviews=base["controles"],
        unchanged_share=base["ongewijzigd_bevestigd"],
        median_seconds=base["mediaan_controletijd_seconden"],
        edit_rate=base["wijzigingen_per_veld"],
        sources_share=_sources(items, checked),
        advice=_advice(items, checked),
    )
    first = [i for i in items if i.self_first is not None]
    if first:
        row.self_first = _self_first_figures(first, checked)
        others = [i for i in items if i.self_first is None]
        shown = _part(others, checked)
        row.direct = {"getoond": True, **_base(others)} if shown else {"getoond": False}
    return row


def _figures(team: str, month: str, items: Sequence[Review]) -> TeamMonth:
    """The figures of a group, or a suppressed row below the thresholds (contracts §10)."""
    if not _enough(items):
        return TeamMonth(team=team, month=month, shown=False)
    return _compute(team, month, items, checked=True)


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
    return [
        _compute("", month, items, checked=False)
        for month, items in sorted(by_month.items(), reverse=True)
    ]
