"""The team report of a closed round, and the figures of the organisation view.

Every figure rests on at least :data:`K` **people** (contracts §10). People, not answers: each
person answers a question at most once, so the answers to one question are that many people,
but the answers to a dimension are not (4 people × 4 statements are 16 answers).

- nothing is shown for an open round (watching the figures change while people answer would
  reveal their answers) or for a round with fewer than ``K`` participants; while open, the
  number of participants is only "nog geen 5" or "5 of meer";
- a statement's distribution needs ``K`` people; the themes and quotes of an open question
  ``K`` people who wrote something;
- a dimension's score is the mean over the statements that are shown, and only those: it rests
  on at least ``K`` people, and a hidden statement (fewer than ``K``) can never be worked out by
  subtracting the shown ones from the score;
- the change since the last round is shown only when both rounds had ``K`` participants and
  both scores are shown (no differencing).

Per dimension the report shows the distribution of each statement (not only the mean: fear and
curiosity can both be high), a score from 1 to 5 where 5 is always favourable (statements
phrased as a concern count the other way round), whether the team is divided, the change since
the last round, and the themes of the open answers with quotes (already redacted when stored).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team
from reisgenoot.impact.models import Answer, Round
from reisgenoot.impact.questions import Dimension, QuestionSetData, Statement, get
from reisgenoot.impact.survey import K as K
from reisgenoot.impact.survey import participation_label, previous_closed
from reisgenoot.language.text import STOPWORDS, lemma, words

DIVIDED_SHARE = 0.3  # at least this share disagrees (1–2) and at least this share agrees (4–5)
LOW_SCORE = 3.0
FALLING = -0.3
MAX_THEMES = 5
MAX_QUOTES = 4
MAX_QUOTE = 240
_TAG = re.compile(r"\[[A-Z_]+\]")

REASONS = {
    "open": "De ronde loopt nog. De uitkomst komt pas als de ronde is gesloten.",
    "te_weinig": (
        f"Er hebben minder dan {K} mensen meegedaan. Om niemand herkenbaar te maken, tonen we "
        "dan geen uitkomsten."
    ),
}


@dataclass(frozen=True, slots=True)
class Distribution:
    """Counts for the values 1..5."""

    counts: tuple[int, int, int, int, int]

    @classmethod
    def of(cls, values: Iterable[int]) -> Distribution:
        counter = Counter(values)
        c = tuple(counter.get(v, 0) for v in range(1, 6))
        return cls((c[0], c[1], c[2], c[3], c[4]))

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float:
        return sum(v * c for v, c in zip(range(1, 6), self.counts, strict=True)) / max(self.n, 1)

    @property
    def low_share(self) -> float:
        return (self.counts[0] + self.counts[1]) / max(self.n, 1)

    @property
    def high_share(self) -> float:
        return (self.counts[3] + self.counts[4]) / max(self.n, 1)

    @property
    def divided(self) -> bool:
        """Two camps: a real share disagrees and a real share agrees."""
        return self.low_share >= DIVIDED_SHARE and self.high_share >= DIVIDED_SHARE

    def percentages(self) -> tuple[int, ...]:
        """Whole percentages that add up to 100 (largest remainder)."""
        if self.n == 0:
            return (0, 0, 0, 0, 0)
        exact = [c * 100 / self.n for c in self.counts]
        floors = [int(x) for x in exact]
        order = sorted(range(5), key=lambda i: exact[i] - floors[i], reverse=True)
        for i in order[: 100 - sum(floors)]:
            floors[i] += 1
        return tuple(floors)


@dataclass(frozen=True, slots=True)
class StatementResult:
    statement: Statement
    distribution: Distribution | None  # None: fewer than K people answered it

    @property
    def divided(self) -> bool:
        return self.distribution is not None and self.distribution.divided


@dataclass(frozen=True, slots=True)
class Theme:
    word: str
    count: int


@dataclass(slots=True)
class DimensionResult:
    dimension: Dimension
    statements: list[StatementResult]
    score: float | None
    change: float | None = None
    change_note: str = ""
    themes: list[Theme] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    open_answers: int = 0
    people: int = 0  # at least this many people behind the score (its most answered statement)

    @property
    def divided(self) -> bool:
        return any(s.divided for s in self.statements)

    @property
    def low(self) -> bool:
        return self.score is not None and self.score < LOW_SCORE

    @property
    def falling(self) -> bool:
        return self.change is not None and self.change <= FALLING

    @property
    def needs_attention(self) -> bool:
        return self.low or self.divided or self.falling


@dataclass(slots=True)
class TeamReport:
    round: Round
    team_name: str
    respondents: int
    questions: QuestionSetData
    shown: bool
    reason: str = ""
    dimensions: list[DimensionResult] = field(default_factory=list)
    previous_number: int | None = None
    participation: str = ""  # for pages: "6 mensen"; while open "nog geen 5 mensen" or "5 of meer"


@cache
def _extra_stopwords() -> frozenset[str]:
    path = resources.files("reisgenoot.impact") / "data" / "stopwoorden.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _theme_words(text: str) -> set[str]:
    found: set[str] = set()
    for word in words(_TAG.sub(" ", text)):
        if len(word) < 4 or not word.isalpha() or word in STOPWORDS:
            continue
        base = lemma(word)
        if (
            base not in STOPWORDS
            and base not in _extra_stopwords()
            and word not in _extra_stopwords()
        ):
            found.add(base)
    return found


def themes(texts: Sequence[str]) -> list[Theme]:
    """Words (lemmas) that come back in at least two answers, most frequent first."""
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(_theme_words(text))
    ranked = sorted((w for w, c in counter.items() if c >= 2), key=lambda w: (-counter[w], w))
    return [Theme(w, counter[w]) for w in ranked[:MAX_THEMES]]


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"


def pick_quotes(texts: Sequence[str], found: Sequence[Theme]) -> list[str]:
    """One quote per theme where possible (in a fixed, content-based order), then others."""
    ordered = sorted(set(texts))
    chosen: list[str] = []
    for theme in found:
        match = next(
            (t for t in ordered if t not in chosen and theme.word in _theme_words(t)), None
        )
        if match is not None:
            chosen.append(match)
    chosen.extend(t for t in ordered if t not in chosen)
    return [_quote(t) for t in chosen[:MAX_QUOTES]]


def _answers(session: Session, round_id: int) -> list[Answer]:
    return list(session.scalars(select(Answer).where(Answer.round_id == round_id)))


def _dimension_result(dimension: Dimension, answers: Sequence[Answer]) -> DimensionResult:
    """Statements answered by ``K`` people are shown and make up the score; the rest is left
    out of both (a person answers a statement once, so answers to one statement are people)."""
    results: list[StatementResult] = []
    scores: list[int] = []
    people = 0
    for statement in dimension.statements:
        values = [a.value for a in answers if a.question_key == statement.key and a.value]
        if len(values) < K:
            results.append(StatementResult(statement, None))
            continue
        results.append(StatementResult(statement, Distribution.of(values)))
        scores.extend(statement.score(v) for v in values)
        people = max(people, len(values))
    score = round(sum(scores) / len(scores), 2) if people >= K else None
    texts = [a.text for a in answers if a.question_key == dimension.open_key and a.text]
    result = DimensionResult(dimension, results, score, open_answers=len(texts), people=people)
    if len(texts) >= K:
        result.themes = themes(texts)
        result.quotes = pick_quotes(texts, result.themes)
    return result


def dimension_scores(session: Session, round_: Round) -> dict[str, float | None]:
    """Score per dimension of a round (only used when the round passed the threshold)."""
    questions = get(session, round_.question_version)
    answers = _answers(session, round_.id)
    return {d.key: _dimension_result(d, answers).score for d in questions.dimensions}


def _add_changes(session: Session, report: TeamReport) -> None:
    previous = previous_closed(session, report.round)
    if previous is None:
        for item in report.dimensions:
            item.change_note = "Dit is de eerste ronde: er is nog niets om mee te vergelijken."
        return
    report.previous_number = previous.number
    if previous.respondents < K:
        for item in report.dimensions:
            item.change_note = (
                f"Niet te vergelijken: in ronde {previous.number} deden minder dan {K} mensen mee."
            )
        return
    before = dimension_scores(session, previous)
    for item in report.dimensions:
        old = before.get(item.dimension.key)
        if old is not None and item.score is not None:
            item.change = round(item.score - old, 2)
        else:
            item.change_note = (
                f"Niet te vergelijken: in deze ronde of in ronde {previous.number} gaven minder "
                f"dan {K} mensen antwoord in deze dimensie."
            )


def team_report(session: Session, round_id: int) -> TeamReport:
    """The report of a round; ``shown`` is False (with a reason) below the threshold."""
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise LookupError(round_id)
    team = session.get(Team, round_.team_id)
    questions = get(session, round_.question_version)
    label = participation_label(session, round_)
    if round_.is_open:  # not counted: pages show only whether K is reached
        report = TeamReport(round_, team.name if team else "", 0, questions, shown=False)
        report.participation = f"{label} mensen (de ronde loopt nog)"
        report.reason = REASONS["open"]
        return report
    respondents = round_.respondents
    report = TeamReport(round_, team.name if team else "", respondents, questions, shown=False)
    report.participation = f"{label} {'persoon' if respondents == 1 else 'mensen'}"
    if respondents < K:
        report.reason = REASONS["te_weinig"]
        return report
    answers = _answers(session, round_.id)
    report.dimensions = [_dimension_result(d, answers) for d in questions.dimensions]
    report.shown = True
    _add_changes(session, report)
    return report
