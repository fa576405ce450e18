"""What the dashboard and the weekly report show, built once for the web, the PDF and the CLI.

Signals are computed per ISO week (Monday–Sunday; the current week up to the newest contact):
:func:`compute_signals` with ``since`` = the Monday makes that week the detection window, with
the 12 weeks before it as baseline. Each week's result is cached per (scope, week, data
version) in :mod:`reisgenoot.signals.cache`. Every figure comes from :mod:`reisgenoot.signals.service`
or :mod:`reisgenoot.signals.charts` and rests on ≥ 5 contacts, or is left out. Nothing is ever
shown per employee. Marks are joined in *after* detection, only for display.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import jinja2
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.language.calendar import MONTHS
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals import charts
from reisgenoot.signals.cache import Version, caches_for, data_version
from reisgenoot.signals.charts import TopicSeries
from reisgenoot.signals.kanon import K
from reisgenoot.signals.marks import SignalKey, marks_in
from reisgenoot.signals.models import MARKS, SignalMark
from reisgenoot.signals.service import (
    ALL_TOPICS,
    CHAT_KANAAL,
    SMALL_TOPICS,
    Signal,
    SignalsReport,
    compute_signals,
)
from reisgenoot.web.formatting import FILTERS
from reisgenoot.web.templating import template_folder

CRISIS_PATH = "/redactie/crisis/nieuw"
MAX_WEEKS = 8
DEFAULT_WEEKS = 4
CHART_WEEKS = 12
MAX_CHARTS = 4
KIND_LABELS = {
    "volume": "Meer vragen",
    "toon": "Toon verandert",
    "nieuw_onderwerp": "Nieuw onderwerp",
    "herhaalcontact": "Inwoners komen terug",
    "kennisbank": "Kennisbank mist iets",
}
SHARE_KINDS = frozenset({"toon", "herhaalcontact", "kennisbank"})
KENNISBANK_KINDS = frozenset({"kennisbank", "herhaalcontact"})


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose contacts: one team, or the whole municipality (``team_id`` None)."""

    team_id: int | None
    team_name: str | None

    @property
    def label(self) -> str:
        return self.team_name or "de hele gemeente"


# --- weeks -----------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """``2026-W46`` → the Monday of that ISO week."""
    raw = text.strip().upper()
    try:
        year, week = raw.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError as exc:
        raise InputError("bad week", code="week_ongeldig") from exc


def week_code(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def week_label(start: date, end: date) -> str:
    return f"week {start.isocalendar()[1]} ({_day(start)} tot en met {_day(end)})"


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks that overlap ``[first, last]``."""
    if first > last:
        raise InputError("since after until", code="periode_ongeldig")
    start, stop = monday_of(first), monday_of(last)
    return [start + timedelta(weeks=i) for i in range((stop - start).days // 7 + 1)]


# --- signals with their marks ----------------------------------------------------------------


def crisis_url(topic: str) -> str:
    """The one-step crisis notice for a topic (the kennisbank's crisis page)."""
    return f"{CRISIS_PATH}?{urlencode({'onderwerp': topic, 'bron': 'signaal'})}"


def is_upl_topic(topic: str) -> bool:
    return topic not in (ALL_TOPICS, SMALL_TOPICS) and not topic.startswith("nieuw: ")


@dataclass(frozen=True, slots=True)
class Item:
    """One signal as shown: its key, the mark (if any) and the crisis link for surges."""

    signal: Signal
    key: SignalKey
    ident: str
    mark: SignalMark | None = None

    @property
    def topic_text(self) -> str:
        """The topic as shown: a new topic without its "nieuw: " prefix (the kind says it)."""
        return self.signal.topic.removeprefix("nieuw: ")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.signal.kind, self.signal.kind)

    @property
    def is_share(self) -> bool:
        return self.signal.kind in SHARE_KINDS

    @property
    def baseline_text(self) -> str:
        value = self.signal.baseline
        return f"{value:.0%}" if self.is_share else f"ongeveer {value:.0f} contacten"

    @property
    def observed_text(self) -> str:
        value = self.signal.observed
        return f"{value:.0%}" if self.is_share else f"{value:.0f} contacten"

    @property
    def examples_title(self) -> str:
        if self.signal.kanaal == CHAT_KANAAL:
            return "Voorbeelden van vragen in de chat (zonder persoonsgegevens):"
        return "Voorbeelden van contacten (zonder persoonsgegevens):"

    @property
    def mark_label(self) -> str:
        return MARKS.get(self.mark.mark, "") if self.mark else ""

    @property
    def crisis_url(self) -> str | None:
        if self.signal.kind != "volume" or not is_upl_topic(self.signal.topic):
            return None
        return crisis_url(self.signal.topic)

    @property
    def window_text(self) -> str:
        start, end = self.signal.window
        return _day(start) if start == end else f"{_day(start)} tot en met {_day(end)}"


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    end: date
    report: SignalsReport
    items: list[Item]

    @property
    def code(self) -> str:
        return week_code(self.start)

    @property
    def label(self) -> str:
        return week_label(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the dashboard or a weekly report shows."""

    scope: Scope
    weeks: list[Week]
    latest: date | None
    volume: list[TopicSeries] = field(default_factory=list)
    tone: list[TopicSeries] = field(default_factory=list)
    emerging: list[Item] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    chosen: TopicSeries | None = None
    k: int = K

    @property
    def items(self) -> list[Item]:
        return [item for week in self.weeks for item in week.items]

    @property
    def suppressed(self) -> int:
        return sum(w.report.suppressed for w in self.weeks)

    @property
    def team_merged(self) -> bool:
        return any(w.report.team_merged for w in self.weeks)

    @property
    def first(self) -> date | None:
        return self.weeks[0].start if self.weeks else None

    @property
    def last(self) -> date | None:
        return self.weeks[-1].end if self.weeks else None


def week_signals(
    session: Session, scope: Scope, monday: date, end: date, version: Version | None = None
) -> SignalsReport:
    """The signals of one ISO week, from the cache when the data has not changed."""
    if version is None:
        version = data_version(session, scope.team_id)
    key = (scope.team_id, scope.team_name, monday, end, version)
    return caches_for(session).weeks.get_or_compute(
        key, lambda: compute_signals(session, monday, end, scope.team_name)
    )


def _week(
    session: Session,
    scope: Scope,
    monday: date,
    latest: date,
    kinds: Collection[str] | None,
    marks: dict[SignalKey, SignalMark],
    version: Version,
) -> Week:
    end = min(monday + timedelta(days=6), latest)
    report = week_signals(session, scope, monday, end, version)
    items = []
    for index, signal in enumerate(report.signals):
        if kinds is not None and signal.kind not in kinds:
            continue
        key = SignalKey.of(signal, (monday, monday + timedelta(days=6)))
        ident = f"s-{week_code(monday).lower()}-{index}"
        items.append(Item(signal, key, ident, marks.get(key)))
    return Week(monday, end, report, items)


def _chart_topics(items: Sequence[Item], kind: str) -> list[str]:
    best: dict[str, float] = {}
    for item in items:
        topic = item.signal.topic
        if item.signal.kind == kind and is_upl_topic(topic):
            best[topic] = max(best.get(topic, 0.0), item.signal.score)
    return sorted(best, key=lambda t: -best[t])[:MAX_CHARTS]


def build(
    session: Session,
    scope: Scope,
    mondays: Sequence[date],
    *,
    kinds: Collection[str] | None = None,
    with_charts: bool = True,
    topic: str | None = None,
) -> Overview:
    """Signals of the weeks ``mondays`` (ascending) for ``scope``, with marks and charts."""
    latest = agg.latest_contact_day(session)
    if latest is None or not mondays:
        return Overview(scope, [], latest)
    mondays = [m for m in mondays if m <= latest] or [monday_of(latest)]
    marks = marks_in(session, scope.team_id, mondays[0], mondays[-1])
    version = data_version(session, scope.team_id)
    weeks = [_week(session, scope, m, latest, kinds, marks, version) for m in mondays]
    overview = Overview(scope, weeks, latest)
    if not with_charts or overview.team_merged:
        return overview
    return _with_charts(session, overview, topic, version)


@dataclass(frozen=True, slots=True)
class _Charts:
    volume: list[TopicSeries]
    tone: list[TopicSeries]
    topics: list[str]
    chosen: TopicSeries | None


def _charts(
    session: Session,
    team_id: int | None,
    starts: Sequence[date],
    end: date,
    chart_topics: tuple[tuple[str, ...], tuple[str, ...], str | None],
) -> _Charts | None:
    data = charts.load(session, team_id, starts[0], end)
    if data is None:
        return None
    volume_topics, tone_topics, topic = chart_topics
    volume = [charts.volume_series(data, t, starts, end) for t in volume_topics]
    tone = [charts.tone_series(data, t, starts, end) for t in tone_topics]
    topics = charts.chartable_topics(data, starts[0], end)
    chosen = None
    if topic:
        if topic not in topics:
            # Fewer than K contacts in the whole chart period: nothing to draw.
            chosen = charts.TopicSeries(topic, "volume", [])
        else:
            chosen = charts.volume_series(data, topic, starts, end)
    return _Charts(volume, tone, topics, chosen)


def _with_charts(
    session: Session, overview: Overview, topic: str | None, version: Version
) -> Overview:
    last_week = overview.weeks[-1]
    starts = charts.week_starts(last_week.start, max(CHART_WEEKS, len(overview.weeks)))
    items = overview.items
    emerging = [i for i in items if i.signal.kind == "nieuw_onderwerp"]
    wanted = (tuple(_chart_topics(items, "volume")), tuple(_chart_topics(items, "toon")), topic)
    team_id = overview.scope.team_id
    key = (team_id, tuple(starts), last_week.end, wanted, version)
    drawn: _Charts | None = caches_for(session).charts.get_or_compute(
        key, lambda: _charts(session, team_id, starts, last_week.end, wanted)
    )
    if drawn is None:
        return Overview(overview.scope, overview.weeks, overview.latest, emerging=emerging)
    return Overview(
        overview.scope,
        overview.weeks,
        overview.latest,
        drawn.volume,
        drawn.tone,
        emerging,
        drawn.topics,
        drawn.chosen,
    )


def default_weeks(latest: date | None, weeks: int = DEFAULT_WEEKS) -> list[date]:
    if latest is None:
        return []
    last = monday_of(latest)
    return [last - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


# --- standalone HTML (CLI) ---------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folder()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(FILTERS)  # Dutch numbers and local dates, as on the pages
    return environment


def render_document(overview: Overview, municipality: str) -> str:
    """The report as one self-contained HTML file (inline CSS, no scripts, no links out)."""
    template = _environment().get_template("signals/document.html")
    return template.render(view=overview, municipality=municipality, editable=False, svg=charts.svg)
