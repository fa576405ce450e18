"""The organisation view: the same figures across teams, so management sees what teams say
without seeing anyone.

Per team the latest closed round is used. A team whose round had at least ``K`` participants
gets its own row. Smaller teams are merged into one row "Kleinere teams samen", shown only when
that merged group reaches ``K`` too; otherwise their answers are left out completely, also from
the total, so that the total minus the shown rows never reveals a small group (no differencing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team
from reisgenoot.impact.models import ROUND_CLOSED, Answer, Round
from reisgenoot.impact.questions import DIMENSIONS, get
from reisgenoot.impact.report import Distribution, K

MERGED_LABEL = "Kleinere teams samen"
TOTAL_LABEL = "Alle getoonde teams samen"


@dataclass(slots=True)
class Group:
    """Answers of one or more rounds, recoded so that 5 is always favourable."""

    label: str
    respondents: int = 0
    teams: int = 0
    values: dict[str, list[int]] = field(default_factory=lambda: {d: [] for d in DIMENSIONS})

    def add(self, other: Group) -> None:
        self.respondents += other.respondents
        self.teams += other.teams
        for key, values in other.values.items():
            self.values[key].extend(values)

    @property
    def shown(self) -> bool:
        return self.respondents >= K

    def distribution(self, dimension: str) -> Distribution:
        return Distribution.of(self.values[dimension])

    def score(self, dimension: str) -> float | None:
        values = self.values[dimension]
        return round(sum(values) / len(values), 2) if len(values) >= K else None

    def divided(self, dimension: str) -> bool:
        values = self.values[dimension]
        return len(values) >= K and Distribution.of(values).divided


@dataclass(slots=True)
class OrganisationView:
    rows: list[Group]
    total: Group | None
    hidden_teams: int
    teams_without_round: int


def latest_closed(session: Session, team_id: int) -> Round | None:
    statement = (
        select(Round)
        .where(Round.team_id == team_id, Round.status == ROUND_CLOSED)
        .order_by(Round.number.desc())
    )
    return session.scalars(statement).first()


def round_group(session: Session, round_: Round, label: str) -> Group:
    questions = get(session, round_.question_version)
    group = Group(label, respondents=round_.respondents, teams=1)
    answers = session.scalars(select(Answer).where(Answer.round_id == round_.id))
    for answer in answers:
        statement = questions.statement(answer.question_key)
        dimension = questions.dimension_of(answer.question_key)
        if statement is not None and dimension is not None and answer.value:
            group.values[dimension].append(statement.score(answer.value))
    return group


def _teams(session: Session, team_ids: Iterable[int] | None) -> Sequence[Team]:
    statement = select(Team).order_by(Team.name)
    if team_ids is not None:
        statement = statement.where(Team.id.in_(list(team_ids)))
    return list(session.scalars(statement))


def organisation_view(session: Session, team_ids: Iterable[int] | None = None) -> OrganisationView:
    """Rows for teams at or above the threshold, small teams merged, and a total."""
    rows: list[Group] = []
    merged = Group(MERGED_LABEL)
    without = 0
    for team in _teams(session, team_ids):
        round_ = latest_closed(session, team.id)
        if round_ is None:
            without += 1
            continue
        group = round_group(session, round_, f"{team.name} (ronde {round_.number})")
        if group.shown:
            rows.append(group)
        else:
            merged.add(group)
    hidden = 0
    if merged.teams and merged.shown:
        rows.append(merged)
    elif merged.teams:
        hidden = merged.teams
    total: Group | None = None
    if len(rows) > 1:
        total = Group(TOTAL_LABEL)
        for row in rows:
            total.add(row)
    return OrganisationView(rows, total, hidden, without)
