"""The detectors, as pure functions over counts (shared by the database path and the harness).

- :func:`volume_alarms` / :func:`best_alarm` — volume growth: a CUSUM of log-likelihood ratios
  ("normal" against "+50 %") of the daily counts on the over-dispersed count baseline of
  :mod:`reisgenoot.signals.baseline`, started a week before the window so that a rise that
  begins on a Friday or at the end of the previous window is added up with the next working day.
  Series under :data:`SMALL_DAILY` contacts per working day only alarm when they double.
- :func:`share_shift` — a share (boos+bezorgd, repeat contacts, hand-offs) against a reference
  share, with a two-proportion z-test and a minimum difference.
- :func:`emerging_alarm` — a count that was (nearly) absent before.
- :func:`emerging_clusters` — new and emerging topics in text: recent specific questions that
  resemble nothing asked in the baseline period and fit their own UPL topic badly, grouped
  (TF-IDF, cosine) and labelled with their key terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from reisgenoot.language.text import STOPWORDS
from reisgenoot.signals.baseline import Expectation, day_type, expect, farrington_z, threshold
from reisgenoot.signals.kanon import K

FloatArray = npt.NDArray[np.float64]

Z_VOLUME = 2.7  # Farrington limits of the weekly chart band (charts.py)
H_VOLUME = 3.0  # CUSUM level at which volume growth alarms (tuned on harness seed 0)
H_KANAAL = 4.0  # stricter for topic × kanaal series, which are extra tests on the same topic
RHO = 0.5  # the growth the CUSUM is tuned to find: +50 %
MIN_RATIO = 1.2  # and the observed sum of the alarming span is at least 20 % above expected
SMALL_DAILY = 5.0  # below this many expected contacts per working day a series is "small":
RHO_SMALL = 1.0  # it is tuned to a doubling,
MIN_RATIO_SMALL = 2.0  # and alarms only when the span is at least twice the expected count
MIN_FIT_DAYS = 28  # the lead-in is shortened when the baseline would get fewer days
MIN_EXPECTED = 10.0  # an alarming span must expect ≥ 10 contacts: below that "+50 %" or even
# "double" is a handful of contacts, which chance gives too easily (small topics need more days)
MEMORY_DAYS = 5  # the CUSUM adds up at most the last 5 working days (a slow drift is no surge)
OPEN_DAY_TYPES = 5  # day types 0–4 (Monday–Friday, not a holiday) move the CUSUM
LEAD_DAYS = 7  # the CUSUM starts this many days before the window (days left out of the fit)
Z_SHARE = 3.0
MIN_SHARE_DIFF = {"toon": 0.08, "herhaalcontact": 0.05, "kennisbank": 0.08}
Z_EMERGING = 3.0
EMERGING_RATIO = 4.0
EMERGING_BASELINE_DAYS = 28  # new questions are compared with the 4 weeks before the window


@dataclass(frozen=True, slots=True)
class Alarm:
    """A span of window days whose count exceeds the baseline's upper limit."""

    start: int  # index of the first day of the span in the window
    end: int  # index of the last day (inclusive)
    observed: float
    expected: float
    limit: float
    score: float


def _increments(observed: FloatArray, expectation: Expectation, rho: float) -> FloatArray:
    """Per day: the log-likelihood ratio of "+``rho``" against "normal", and the day's variance.

    On the 2/3-power scale, where counts are nearly normal: ``z = (y^{2/3} − μ^{2/3}) / s``
    with ``s = (2/3)·μ^{-1/3}·sqrt(max(φμ, μ + κμ²) + Var μ̂)``; the shift ``d`` is the same for
    ``((1+ρ)μ)^{2/3}``; the increment is ``d·(z − d/2)``. Days the baseline does not judge
    (structurally empty, a catch-up day without a counterpart) add nothing.
    """
    valid = expectation.valid & (expectation.mu > 0)
    mu = np.where(valid, expectation.mu, 1.0)
    variance = expectation.noise(mu) + np.clip(np.diag(expectation.cov), 0.0, None)
    scale = (2.0 / 3.0) * mu ** (-1.0 / 3.0) * np.sqrt(variance)
    z = (observed ** (2.0 / 3.0) - mu ** (2.0 / 3.0)) / scale
    shift = (((1.0 + rho) * mu) ** (2.0 / 3.0) - mu ** (2.0 / 3.0)) / scale
    increments: FloatArray = np.where(valid, shift * (z - shift / 2.0), 0.0)
    return increments


@dataclass(frozen=True, slots=True)
class Forecast:
    """The baseline for the lead-in and the window of one series."""

    expectation: Expectation
    lead: int  # index of the first window day (days before it only feed the CUSUM)
    open_days: npt.NDArray[np.bool_]  # Monday–Friday and not a public holiday


def lead_expectation(
    series: FloatArray,
    days: Sequence[date],
    history: int,
    shared: FloatArray | None = None,
) -> Forecast:
    """The baseline for the lead-in and the window of a daily ``series``.

    The first ``history`` days are the baseline period; its last :data:`LEAD_DAYS` become the
    lead-in of the CUSUM and are left out of the fit (so that a rise starting there does not
    raise its own baseline). ``shared`` is the log of the other topics' daily count.
    """
    lead = min(LEAD_DAYS, max(history - MIN_FIT_DAYS, 0))
    fit = slice(0, history - lead)
    target = slice(history - lead, len(series))
    expectation = expect(
        series[fit],
        days[fit],
        days[target],
        None if shared is None else shared[fit],
        None if shared is None else shared[target],
    )
    open_days = np.array([day_type(d) < OPEN_DAY_TYPES for d in days[target]], dtype=bool)
    return Forecast(expectation, lead, open_days)


def is_small(expectation: Expectation, days: Sequence[int] | npt.NDArray[np.intp]) -> bool:
    """Fewer than :data:`SMALL_DAILY` expected contacts a day on the working ``days``."""
    mu = expectation.mu[np.asarray(days, dtype=np.intp)]
    return float(mu.mean()) < SMALL_DAILY if mu.size else True


def volume_alarms(
    observed: Sequence[float] | FloatArray, forecast: Forecast, h: float = H_VOLUME
) -> list[Alarm | None]:
    """For each window day: an alarm when the CUSUM reaches ``h``, else None.

    ``observed`` covers the lead-in (days before ``forecast.lead``, which only feed the CUSUM)
    and the window. Only working days (Monday–Friday, not a public holiday) move the CUSUM: a
    weekend or holiday, with only written channels open, stays in the span of the working days
    around it but never alarms on its own. The CUSUM is window-limited: it adds up at most the
    last :data:`MEMORY_DAYS` working days, so a slow drift over weeks is no "surge". The
    alarm's span runs from the first day of the best sum; its indices are relative to the first
    window day (negative when the rise began in the lead-in). The alarm also needs ≥ K
    contacts, ≥ :data:`MIN_EXPECTED` expected and ≥ :data:`MIN_RATIO` × expected
    (:data:`MIN_RATIO_SMALL` for small series) over that span.
    """
    counts = np.asarray(observed, dtype=np.float64)
    expectation, first = forecast.expectation, forecast.lead
    small = is_small(expectation, np.nonzero(forecast.open_days)[0])
    rho, ratio = (RHO_SMALL, MIN_RATIO_SMALL) if small else (RHO, MIN_RATIO)
    increments = np.where(forecast.open_days, _increments(counts, expectation, rho), 0.0)
    result: list[Alarm | None] = []
    recent: list[int] = []  # the last MEMORY_DAYS working days
    for day in range(len(counts)):
        if forecast.open_days[day]:
            recent = [*recent, day][-MEMORY_DAYS:]
        if day < first:
            continue
        if not forecast.open_days[day]:
            result.append(None)
            continue
        level, start = _level(increments, recent)
        result.append(_alarm(counts, expectation, (start, day), level, (h, ratio), first))
    return result


def _level(increments: FloatArray, recent: Sequence[int]) -> tuple[float, int]:
    """The window-limited CUSUM: the largest sum of increments over the working days from one
    of ``recent`` up to the last, and the day that span starts."""
    best, start, total = 0.0, recent[-1] if recent else 0, 0.0
    for day in reversed(recent):
        total += float(increments[day])
        if total > best:
            best, start = total, day
    return best, start


def _alarm(
    counts: FloatArray,
    expectation: Expectation,
    span: tuple[int, int],
    level: float,
    limits: tuple[float, float],
    first: int,
) -> Alarm | None:
    h, ratio = limits
    if level < h:
        return None
    count = float(counts[span[0] : span[1] + 1].sum())
    expected, variance = expectation.span(range(span[0], span[1] + 1))
    if count < K or expected < MIN_EXPECTED or count < ratio * expected:
        return None
    limit = threshold(expected, variance, LIMIT_Z)
    return Alarm(span[0] - first, span[1] - first, count, expected, limit, level)


LIMIT_Z = 2.0  # the "by chance at most" count shown in the explanation (≈ 98 % upper limit)


def best_alarm(
    observed: Sequence[float] | FloatArray, forecast: Forecast, h: float = H_VOLUME
) -> Alarm | None:
    """The strongest alarm of the window (the highest CUSUM level)."""
    found = [a for a in volume_alarms(observed, forecast, h) if a is not None]
    return max(found, key=lambda a: a.score) if found else None


def proportion_z(x: int, n: int, x0: int, n0: int) -> float:
    """Two-proportion z (pooled) for x/n against x0/n0; 0 when undefined."""
    if n <= 0 or n0 <= 0:
        return 0.0
    pooled = (x + x0) / (n + n0)
    variance = pooled * (1.0 - pooled) * (1.0 / n + 1.0 / n0)
    if variance <= 0:
        return 0.0
    return (x / n - x0 / n0) / math.sqrt(variance)


@dataclass(frozen=True, slots=True)
class Shift:
    share: float
    reference: float
    score: float


def share_shift(x: int, n: int, x0: int, n0: int, kind: str, z: float = Z_SHARE) -> Shift | None:
    """A share that rose clearly above its reference (and rests on ≥ K cases)."""
    if x < K or n <= 0 or n0 <= 0:
        return None
    share, reference = x / n, x0 / n0
    score = proportion_z(x, n, x0, n0)
    if score < z or share - reference < MIN_SHARE_DIFF.get(kind, 0.05):
        return None
    return Shift(share, reference, score)


def emerging_alarm(
    recent: float, recent_days: int, before: float, before_days: int, z: float = Z_EMERGING
) -> Alarm | None:
    """A count in the last ``recent_days`` that was (nearly) absent in the ``before_days``."""
    if recent < K or recent_days <= 0 or before_days <= 0:
        return None
    expected = max(before, 0.5) / before_days * recent_days
    if recent < EMERGING_RATIO * expected:
        return None
    score = farrington_z(recent, expected, expected)
    if score < z:
        return None
    return Alarm(0, recent_days - 1, recent, expected, threshold(expected, expected, z), score)


# --- emerging topics in text ------------------------------------------------------------------

NOT_TOPICS = frozenset({"pii", "vraag", "vragen"})
"""Words of a contact record that never name an emerging topic on their own."""
_WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ-]{2,}")
FIT = 0.35  # cosine to the own topic's centroid below which a question fits it badly
NOVEL = 0.5  # cosine to the nearest earlier question below which a question is new
JOIN = 0.25  # cosine at which two new questions belong to the same new topic
MAX_TERMS = 4096
GENERIC_TOPICS = frozenset({"", "overig", "overige", "algemeen", "onbekend", "anders"})


def terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and w not in NOT_TOPICS]


@dataclass(frozen=True, slots=True)
class _Vectors:
    vocabulary: dict[str, int]
    idf: FloatArray

    def transform(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        matrix = np.zeros((len(texts), len(self.vocabulary)), dtype=np.float32)
        for row, text in enumerate(texts):
            for word, count in Counter(terms(text)).items():
                column = self.vocabulary.get(word)
                if column is not None:
                    matrix[row, column] = count * self.idf[column]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        result: npt.NDArray[np.float32] = matrix / np.maximum(norms, 1e-9)
        return result


def _vectors(texts: Sequence[str]) -> _Vectors:
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update(dict.fromkeys(terms(text)).keys())  # in reading order, not hash order
    common = [w for w, _ in frequency.most_common(MAX_TERMS)]
    idf = np.array(
        [math.log((1 + len(texts)) / (1 + frequency[w])) + 1.0 for w in common], dtype=np.float64
    )
    return _Vectors({w: i for i, w in enumerate(common)}, idf)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Recent questions that form a new topic."""

    label: list[str]  # key terms
    questions: list[str]
    recent: int  # contacts in the recent period
    before: float  # contacts with similar questions in the earlier period


def _centroids(
    matrix: npt.NDArray[np.float32], upls: Sequence[str], weights: Sequence[int]
) -> dict[str, npt.NDArray[np.float32]]:
    sums: dict[str, npt.NDArray[np.float32]] = {}
    for row, (upl, weight) in enumerate(zip(upls, weights, strict=True)):
        sums[upl] = sums.get(upl, np.zeros(matrix.shape[1], np.float32)) + weight * matrix[row]
    return {u: v / max(float(np.linalg.norm(v)), 1e-9) for u, v in sums.items()}


def _novel_rows(
    recent: Sequence[tuple[str, str, int]],
    r_matrix: npt.NDArray[np.float32],
    b_matrix: npt.NDArray[np.float32],
    centroids: dict[str, npt.NDArray[np.float32]],
) -> list[int]:
    nearest = (r_matrix @ b_matrix.T).max(axis=1) if b_matrix.shape[0] else np.zeros(len(recent))
    rows = []
    for row, (_text, upl, _n) in enumerate(recent):
        own = centroids.get(upl)
        fits = own is not None and upl.lower() not in GENERIC_TOPICS
        fit = float(r_matrix[row] @ own) if own is not None and fits else 0.0
        if nearest[row] < NOVEL and fit < FIT and r_matrix[row].any():
            rows.append(row)
    return rows


def _group(rows: list[int], matrix: npt.NDArray[np.float32]) -> list[list[int]]:
    """Single-linkage groups: questions that resemble each other (cosine ≥ JOIN), transitively."""
    if not rows:
        return []
    similar = (matrix[rows] @ matrix[rows].T) >= JOIN
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(*np.nonzero(np.triu(similar, 1)), strict=True):
        parent[root(int(a))] = root(int(b))
    groups: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(root(index), []).append(row)
    return list(groups.values())


def _label(centre: npt.NDArray[np.float32], vectors: _Vectors, size: int = 3) -> list[str]:
    words = sorted(vectors.vocabulary, key=lambda w: vectors.vocabulary[w])
    order = np.argsort(-centre, kind="stable")[:size]  # ties: the more frequent term first
    return [words[i] for i in order if centre[i] > 0]


def emerging_clusters(
    recent: Sequence[tuple[str, str, int]],
    before: Sequence[tuple[str, str, int]],
    recent_days: int,
    before_days: int,
) -> list[Cluster]:
    """New topics among ``recent`` (text, UPL, count) against ``before`` (same shape)."""
    if not recent:
        return []
    vectors = _vectors([t for t, _, _ in recent] + [t for t, _, _ in before])
    r_matrix = vectors.transform([t for t, _, _ in recent])
    b_matrix = vectors.transform([t for t, _, _ in before])
    centroids = _centroids(b_matrix, [u for _, u, _ in before], [n for _, _, n in before])
    b_counts = np.array([n for _, _, n in before], dtype=np.float64)
    found = []
    for group in _group(_novel_rows(recent, r_matrix, b_matrix, centroids), r_matrix):
        count = sum(recent[row][2] for row in group)
        centre = r_matrix[group].sum(axis=0)
        centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
        similar = (b_matrix @ centre) >= JOIN if len(before) else np.zeros(0, dtype=bool)
        earlier = float(b_counts[similar].sum()) if len(before) else 0.0
        if emerging_alarm(count, recent_days, earlier, before_days) is None:
            continue
        questions = [recent[row][0] for row in group]
        found.append(Cluster(_label(centre, vectors), questions, count, earlier))
    return found
