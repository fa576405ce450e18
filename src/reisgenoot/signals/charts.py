"""Weekly series for the dashboard charts, and their server-side SVG (no chart library).

- :func:`volume_series`: contacts per week on one UPL topic, with the baseline band: for each
  week the baseline of :mod:`reisgenoot.signals.baseline` is fitted on the 12 weeks before it
  (with the other topics as shared-day covariate, as the detector does) and its expected sum
  and Farrington limits at ±z (z = 2.7, the volume alarm level) form the band.
- :func:`tone_series`: the weekly share of boos + bezorgd on one topic.

k-anonymity: a weekly figure on fewer than 5 contacts is ``None`` ("te weinig gegevens"), and
a band is only drawn when its baseline rests on at least 5 contacts. All figures are about a
topic, never about an employee. Every chart comes with a table of the same figures for screen
readers (the SVG has a title and description).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from reisgenoot.signals import aggregate as agg
from reisgenoot.signals.aggregate import Cells
from reisgenoot.signals.baseline import expect, log_offset, threshold
from reisgenoot.signals.detectors import Z_VOLUME
from reisgenoot.signals.kanon import K, shown

BASELINE_DAYS = 84
MIN_HISTORY_DAYS = 28  # a week whose baseline has less history gets no band
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class WeekPoint:
    start: date
    end: date
    value: float | None  # None: fewer than K contacts (suppressed)
    expected: float | None = None
    lower: float | None = None
    upper: float | None = None
    base: int = 0  # contacts the value rests on (only used to decide; never shown below K)

    @property
    def above(self) -> bool:
        return self.value is not None and self.upper is not None and self.value > self.upper


@dataclass(frozen=True, slots=True)
class TopicSeries:
    topic: str
    kind: str  # "volume" or "toon"
    points: list[WeekPoint]

    @property
    def shown(self) -> bool:
        return any(p.value is not None for p in self.points)


def week_starts(last_week_start: date, weeks: int) -> list[date]:
    return [last_week_start - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


@dataclass(frozen=True, slots=True)
class _Data:
    cells: Cells
    first_day: date  # first day with any data (earlier zeros are "no data", not "no contacts")

    def rows(self, start: date, end: date) -> slice:
        days = self.cells.days
        lo = max((start - days[0]).days, 0)
        hi = min((end - days[0]).days + 1, len(days))
        return slice(lo, max(hi, lo))

    def topic_index(self, topic: str) -> int | None:
        return self.cells.topics.index(topic) if topic in self.cells.topics else None


def load(session: Session, team_id: int | None, first_week: date, last_day: date) -> _Data | None:
    """Daily cells from 12 weeks before ``first_week`` up to ``last_day`` (one GROUP BY)."""
    cells = agg.daily_cells(session, first_week - timedelta(days=BASELINE_DAYS), last_day, team_id)
    if cells.empty:
        return None
    totals = cells.contacts.sum(axis=(1, 2))
    nonzero = np.nonzero(totals)[0]
    first = cells.days[int(nonzero[0])] if len(nonzero) else last_day
    return _Data(cells, first)


def _band(data: _Data, t: int, start: date, end: date) -> tuple[float, float, float] | None:
    """Expected weekly sum and its lower/upper limit, from the 12 weeks before ``start``."""
    history_start = max(start - timedelta(days=BASELINE_DAYS), data.first_day)
    if (start - history_start).days < MIN_HISTORY_DAYS:
        return None
    hist, target = data.rows(history_start, start - timedelta(days=1)), data.rows(start, end)
    per_day = data.cells.contacts.sum(axis=2).astype(np.float64)  # days × topics
    series = per_day[:, t]
    if not shown(int(series[hist].sum())):
        return None
    exposure = per_day.sum(axis=1) - series
    offset = log_offset(exposure) if per_day.shape[1] > 1 else None
    days = data.cells.days
    expectation = expect(
        series[hist],
        days[hist],
        days[target],
        None if offset is None else offset[hist],
        None if offset is None else offset[target],
    )
    expected, variance = expectation.span(range(len(days[target])))
    if expected <= 0:
        return None
    lower = threshold(expected, variance, -Z_VOLUME)
    return expected, lower, threshold(expected, variance, Z_VOLUME)


def volume_series(data: _Data, topic: str, starts: Sequence[date], last_day: date) -> TopicSeries:
    t = data.topic_index(topic)
    points: list[WeekPoint] = []
    for start in starts:
        end = min(start + timedelta(days=6), last_day)
        count = 0 if t is None else int(data.cells.contacts[data.rows(start, end), t, :].sum())
        band = None if t is None or not shown(count) else _band(data, t, start, end)
        value = float(count) if shown(count) else None
        if band is None:
            points.append(WeekPoint(start, end, value, base=count))
        else:
            points.append(WeekPoint(start, end, value, *band, base=count))
    return TopicSeries(topic, "volume", points)


def tone_series(data: _Data, topic: str, starts: Sequence[date], last_day: date) -> TopicSeries:
    t = data.topic_index(topic)
    points: list[WeekPoint] = []
    for start in starts:
        end = min(start + timedelta(days=6), last_day)
        rows = data.rows(start, end)
        toned = 0 if t is None else int(data.cells.toned[rows, t, :].sum())
        negative = 0 if t is None else int(data.cells.negative[rows, t, :].sum())
        value = negative / toned if shown(toned) else None
        points.append(WeekPoint(start, end, value, base=toned))
    return TopicSeries(topic, "toon", points)


def chartable_topics(data: _Data, first: date, last: date) -> list[str]:
    """UPL topics with at least K contacts in ``[first, last]`` (for the topic picker)."""
    sums = data.cells.contacts[data.rows(first, last)].sum(axis=(0, 2))
    return [t for t, n in zip(data.cells.topics, sums, strict=True) if shown(int(n))]


# --- SVG ---------------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 12, 40


def _scale(maximum: float) -> float:
    """A round top for the y axis."""
    if maximum <= 0:
        return 1.0
    magnitude = 10 ** int(np.floor(np.log10(maximum)))
    for step in (1, 2, 4, 6, 8, 10):
        if step * magnitude >= maximum:
            return float(step * magnitude)
    return float(10 * magnitude)


def _fmt(value: float, share: bool) -> str:
    return f"{value:.0%}" if share else f"{value:.0f}"


def _week_label(start: date) -> str:
    return f"week {start.isocalendar()[1]}"


def _title(series: TopicSeries) -> tuple[str, str]:
    share = series.kind == "toon"
    what = "Aandeel boos of bezorgd" if share else "Contacten per week"
    title = f"{what}: {series.topic}"
    parts = []
    for p in series.points:
        value = "te weinig gegevens" if p.value is None else _fmt(p.value, share)
        band = (
            ""
            if p.expected is None or p.lower is None or p.upper is None
            else f" (normaal {_fmt(p.lower, share)} tot {_fmt(p.upper, share)})"
        )
        parts.append(f"{_week_label(p.start)}: {value}{band}")
    return title, "; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class _Frame:
    top: float
    count: int

    @property
    def step(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.count - 1, 1)

    def x(self, i: int) -> float:
        return LEFT + i * self.step

    def y(self, value: float) -> float:
        plot_h = HEIGHT - TOP - BOTTOM
        return TOP + plot_h * (1 - min(value, self.top) / self.top)


def _grid(frame: _Frame, share: bool) -> list[str]:
    out = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        gy = frame.y(frame.top * fraction)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{gy:.1f}" y2="{gy:.1f}" class="sg-grid"/>'
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end" class="sg-axis">'
            f"{_fmt(frame.top * fraction, share)}</text>"
        )
    return out


def _band_svg(frame: _Frame, points: Sequence[WeekPoint]) -> list[str]:
    banded = [(i, p) for i, p in enumerate(points) if p.lower is not None and p.upper is not None]
    if len(banded) < 2:
        return []
    upper = " ".join(f"{frame.x(i):.1f},{frame.y(p.upper or 0):.1f}" for i, p in banded)
    lower = " ".join(f"{frame.x(i):.1f},{frame.y(p.lower or 0):.1f}" for i, p in reversed(banded))
    expected = " ".join(f"{frame.x(i):.1f},{frame.y(p.expected or 0):.1f}" for i, p in banded)
    return [
        f'<polygon points="{upper} {lower}" class="sg-band"/>',
        f'<polyline points="{expected}" class="sg-expected"/>',
    ]


def _line_svg(frame: _Frame, points: Sequence[WeekPoint]) -> list[str]:
    """The observed line, broken where a week is suppressed."""
    out, segment = [], []
    for i, p in enumerate([*points, WeekPoint(date.min, date.min, None)]):
        if p.value is not None:
            segment.append(f"{frame.x(i):.1f},{frame.y(p.value):.1f}")
            continue
        if len(segment) > 1:
            out.append(f'<polyline points="{" ".join(segment)}" class="sg-line"/>')
        segment = []
    return out


def _markers(frame: _Frame, points: Sequence[WeekPoint]) -> list[str]:
    out = []
    every = max(len(points) // 8, 1)
    for i, p in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            out.append(
                f'<text x="{frame.x(i):.1f}" y="{HEIGHT - 18}" text-anchor="middle" '
                f'class="sg-axis">{p.start.isocalendar()[1]}</text>'
            )
        if p.value is None:
            continue
        cx, cy = frame.x(i), frame.y(p.value)
        # Above the band: a larger square marker, so the state is not told by colour alone.
        if p.above:
            out.append(
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" class="sg-alarm"/>'
            )
        else:
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" class="sg-point"/>')
    return out


def svg(series: TopicSeries, ident: str) -> Markup:
    """A line chart (with the baseline band for volume); the title and desc are its text."""
    share = series.kind == "toon"
    points = series.points
    values = [p.value for p in points if p.value is not None]
    uppers = [p.upper for p in points if p.upper is not None]
    frame = _Frame(1.0 if share else _scale(max([*values, *uppers, float(K)])), len(points))
    title, desc = _title(series)
    out = [
        f'<svg class="sg-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" focusable="false">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>',
        *_grid(frame, share),
        *_band_svg(frame, points),
        *_line_svg(frame, points),
        *_markers(frame, points),
        f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.0f}" y="{HEIGHT - 2}" '
        'text-anchor="middle" class="sg-axis">weeknummer</text>',
        "</svg>",
    ]
    return Markup("".join(out))  # noqa: S704  (built from numbers and escaped text only)
