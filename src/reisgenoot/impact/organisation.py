"""The organisation view: the same figures across teams, so management sees what teams say
without seeing anyone.

Per team the latest closed round is used. A team whose round had at least ``K`` participants
gets its own row. Smaller teams are merged into one row "Kleinere teams samen", shown only when
that merged group reaches ``K`` too; otherwise their answers are left out completely, also from
the total, so that the total minus the shown rows never reveals a small group (no differencing).

Within a row, a dimension's score uses only the statements that ``K`` people answered in that
row, exactly as the team report does, so the two never disagree and a hidden statement cannot
be worked out from the difference. The total is made of what the rows show, statement by
statement, never of answers a row left out.
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


def _empty() -> dict[str, dict[str, list[int]]]:
    return {d: {} for d in DIMENSIONS}


@dataclass(slots=True)
class Group:
    """Answers of one or more rounds, recoded so that 5 is always favourable, kept per
    statement: ``values[dimension][statement key]`` (one value per person)."""

    label: str
    respondents: int = 0
    teams: int = 0
    values: dict[str, dict[str, list[int]]] = field(default_factory=_empty)

    def add(self, other: Group) -> None:
        """Merge another group's answers statement by statement (small teams together)."""
        self.respondents += other.respondents
        self.teams += other.teams
        for dimension, statements in other.values.items():
            for key, values in statements.items():
                self.values[dimension].setdefault(key, []).extend(values)

    def add_shown(self, other: Group, prefix: str) -> None:
        """Add only what ``other`` shows, each statement kept apart (for the total)."""
        self.respondents += other.respondents
        self.teams += other.teams
        for dimension in DIMENSIONS:
            for key, values in other.shown_statements(dimension).items():
                self.values[dimension][f"{prefix}/{key}"] = list(values)

    @property
    def shown(self) -> bool:
        return self.respondents >= K

    def shown_statements(self, dimension: str) -> dict[str, list[int]]:
        """The statements of a dimension that at least ``K`` people answered."""
        return {k: v for k, v in self.values[dimension].items() if len(v) >= K}

    def shown_values(self, dimension: str) -> list[int]:
        return [v for values in self.shown_statements(dimension).values() for v in values]

    def distribution(self, dimension: str) -> Distribution:
        return Distribution.of(self.shown_values(dimension))

    def score(self, dimension: str) -> float | None:
        values = self.shown_values(dimension)
        return round(sum(values) / len(values), 2) if values else None

    def divided(self, dimension: str) -> bool:
        values = self.shown_values(dimension)
        return bool(values) and Distribution.of(values).divided


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
            bucket = group.values[dimension].setdefault(statement.key, [])
            bucket.append(statement.score(answer.value))
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
        for index, row in enumerate(rows):
            total.add_shown(row, str(index))
    return OrganisationView(rows, total, hidden, without)
