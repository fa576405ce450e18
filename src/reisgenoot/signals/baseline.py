"""Count-data baseline that knows weekdays and Dutch public holidays (Farrington-style).

A quasi-Poisson log-linear model (a GLM fitted by IRLS) of the daily counts of one series over
the baseline period::

    log E[y_t] = offset_t + β0 + β_daytype(t) + β_after_holiday·a_t (+ β_trend·t)

- **Day type**: Monday … Saturday, and "closed" for Sundays *and* public holidays (the KCC is
  closed on both, only written channels and chat run).
- **After a holiday**: the first open weekday after a public holiday (catch-up). When the
  baseline holds no such day its size is unknown: a topic series still judges it through the
  shared day effect (everyone's catch-up raises the other topics' count too); a series
  without that covariate (a total) leaves the day out.
- **Trend**: kept only when clearly significant (|t| > 3; Farrington et al. (1996) use 2, but
  the trend is extrapolated up to two weeks past the fit, and on the harness a |t| > 2 trend
  cost false alarms and missed surges without finding more).
- **Shared day effect**: for a topic, the log of the same day's count of all *other* topics is
  a covariate (its coefficient is estimated, ≈ 1 when many topics share the day effect, smaller
  when that count is itself noisy). A busy day for everyone (weather, news, an outage) then
  does not make a topic alarm; only its own growth does. Total series have no covariate.
- **Over-dispersion** φ from the Pearson statistic (never below 1), and a robust refit that
  leaves out earlier outbreaks (standardised residual > 3), as Farrington does. Per series
  also a negative-binomial κ (``Var y = μ + κμ²``, by moments): busy series whose day-to-day
  swings grow with their size (a team's rota, a whole channel) get the larger of the two
  variances, so they do not alarm on ordinary swings.

The alarm statistic is Farrington's: on the 2/3-power scale, where counts are nearly normal,
``z = (O^{2/3} − E^{2/3}) / ((2/3) · E^{-1/3} · sqrt(φE + Var(Ê)))`` for the observed sum O and
expected sum E of a span of days. The same functions serve the database path
(:mod:`reisgenoot.signals.service`) and the simulation harness (:mod:`reisgenoot.signals.simulate`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from reisgenoot.language.calendar import dutch_public_holidays

FloatArray = npt.NDArray[np.float64]

CLOSED = 6  # day type of Sundays and public holidays
TREND_SCALE = 28.0  # trend per four weeks, for a well-conditioned design
RIDGE = 1e-6
OUTLIER_Z = 3.0
TREND_T = 3.0  # a trend is extrapolated up to two weeks ahead: only a clear one is kept


def is_holiday(day: date) -> bool:
    return day in dutch_public_holidays(day.year)


def day_type(day: date) -> int:
    """0 = Monday … 5 = Saturday, 6 = closed (Sunday or public holiday)."""
    return CLOSED if is_holiday(day) else min(day.weekday(), CLOSED)


def after_holiday(day: date) -> bool:
    """First open weekday after a public holiday on a weekday (catch-up day)."""
    if day_type(day) >= 5:
        return False
    previous = day - timedelta(days=1)
    while previous.weekday() >= 5 and not is_holiday(previous):
        previous -= timedelta(days=1)
    return is_holiday(previous) and previous.weekday() < 5


def design(days: Sequence[date], origin: date) -> FloatArray:
    """Columns: intercept, day types 1…6 (Monday is the reference), after-holiday, trend,
    and a zero column for the shared-day covariate."""
    matrix = np.zeros((len(days), 10), dtype=np.float64)
    matrix[:, 0] = 1.0
    for row, day in enumerate(days):
        kind = day_type(day)
        if kind:
            matrix[row, kind] = 1.0
        matrix[row, 7] = 1.0 if after_holiday(day) else 0.0
        matrix[row, 8] = (day - origin).days / TREND_SCALE
    return matrix


@dataclass(frozen=True, slots=True)
class Expectation:
    """The baseline's forecast for the target days of one series."""

    mu: FloatArray  # expected count per target day (0 on structurally empty days)
    cov: FloatArray  # covariance of the estimated means (target × target)
    phi: float  # over-dispersion (≥ 1), quasi-Poisson: Var y = φμ
    valid: npt.NDArray[np.bool_]  # False where the baseline says "never contacts here"
    kappa: float = 0.0  # negative-binomial over-dispersion: Var y = μ + κμ²

    def noise(self, mu: FloatArray) -> FloatArray:
        """Variance of daily counts with means ``mu``: the larger of the two models."""
        result: FloatArray = np.maximum(self.phi * mu, mu + self.kappa * mu**2)
        return result

    def span(self, index: Sequence[int]) -> tuple[float, float]:
        """Expected sum over the target days ``index`` and its variance (incl. estimation)."""
        picked = [i for i in index if self.valid[i]]
        expected = float(self.mu[picked].sum())
        estimation = float(self.cov[np.ix_(picked, picked)].sum()) if picked else 0.0
        return expected, float(self.noise(self.mu[picked]).sum()) + estimation


def _irls(
    x: FloatArray, y: FloatArray, offset: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Poisson log-linear fit: coefficients, unscaled covariance, fitted means."""
    beta = np.zeros(x.shape[1], dtype=np.float64)
    beta[0] = math.log((y.sum() + 0.5) / max(float(np.exp(offset).sum()), 1e-9))
    ridge = RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    hessian = ridge
    for _ in range(30):
        eta = x @ beta + offset
        mu = np.exp(np.clip(eta, -30.0, 30.0))
        working = eta - offset + (y - mu) / mu
        weighted = x.T * mu
        hessian = weighted @ x + ridge
        new: FloatArray = np.asarray(np.linalg.solve(hessian, weighted @ working), np.float64)
        done = float(np.max(np.abs(new - beta))) < 1e-7
        beta = new
        if done:
            break
    fitted: FloatArray = np.exp(np.clip(x @ beta + offset, -30.0, 30.0))
    inverse: FloatArray = np.asarray(np.linalg.inv(hessian), np.float64)
    return beta, inverse, fitted


def _dispersion(y: FloatArray, mu: FloatArray, parameters: int) -> float:
    freedom = len(y) - parameters
    if freedom < 3:
        return 1.0
    pearson = float(np.sum((y - mu) ** 2 / np.maximum(mu, 1e-9)))
    return max(1.0, pearson / freedom)


def _columns(x: FloatArray, y: FloatArray) -> tuple[list[int], list[int]]:
    """Usable columns, and day-type columns whose days never had a contact (structural zeros)."""
    keep, empty = [0], []
    for column in range(1, x.shape[1]):
        rows = x[:, column] != 0
        if not rows.any() or (column < 8 and rows.all()) or np.ptp(x[:, column]) == 0:
            continue
        if column < 7 and y[rows].sum() == 0:
            empty.append(column)
            continue
        keep.append(column)
    return keep, empty


def _kappa(y: FloatArray, mu: FloatArray, parameters: int) -> float:
    """Negative-binomial over-dispersion by moments: Σ((y−μ)² − μ) = κ·Σμ² (never below 0)."""
    freedom = len(y) - parameters
    if freedom < 3:
        return 0.0
    excess = float(np.sum((y - mu) ** 2 - mu)) * len(y) / freedom
    return max(0.0, excess / max(float(np.sum(mu**2)), 1e-9))


@dataclass(frozen=True, slots=True)
class _Fit:
    beta: FloatArray
    cov: FloatArray  # scaled by φ
    phi: float
    columns: list[int]
    kappa: float = 0.0


def _fit_columns(x: FloatArray, y: FloatArray, offset: FloatArray, columns: list[int]) -> _Fit:
    sub = x[:, columns]
    beta, unscaled, mu = _irls(sub, y, offset)
    phi = _dispersion(y, mu, len(columns))
    residual = (y - mu) / np.sqrt(phi * np.maximum(mu, 1e-9))
    keep = residual <= OUTLIER_Z
    if not keep.all() and keep.sum() > len(columns) + 3:
        beta, unscaled, mu = _irls(sub[keep], y[keep], offset[keep])
        y = y[keep]
        phi = _dispersion(y, mu, len(columns))
    return _Fit(beta, unscaled * phi, phi, columns, _kappa(y, mu, len(columns)))


def _fit(x: FloatArray, y: FloatArray, offset: FloatArray) -> tuple[_Fit, list[int]]:
    columns, empty = _columns(x, y)
    if empty:
        rows = ~np.any(x[:, empty] != 0, axis=1)
        x, y, offset = x[rows], y[rows], offset[rows]
    fit = _fit_columns(x, y, offset, columns)
    if 8 in columns:
        position = columns.index(8)
        t = abs(fit.beta[position]) / math.sqrt(max(fit.cov[position, position], 1e-12))
        if t <= TREND_T:
            fit = _fit_columns(x, y, offset, [c for c in columns if c != 8])
    return fit, empty


def _shared_covariate(
    x_hist: FloatArray, x_target: FloatArray, hist: FloatArray, target: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Deviation of the other topics' log count from its mean for the same day type, on open
    weekdays only (on weekends and holidays the counts are too small to say much)."""
    kind_hist = np.argmax(np.c_[np.zeros(len(x_hist)) + 0.5, x_hist[:, 1:7]], axis=1)
    kind_target = np.argmax(np.c_[np.zeros(len(x_target)) + 0.5, x_target[:, 1:7]], axis=1)
    out_hist, out_target = np.zeros(len(hist)), np.zeros(len(target))
    for kind in range(5):
        rows = kind_hist == kind
        if not rows.any():
            continue
        centre = float(hist[rows].mean())
        out_hist[rows] = hist[rows] - centre
        out_target[kind_target == kind] = target[kind_target == kind] - centre
    return out_hist, out_target


def expect(
    history: Sequence[float] | FloatArray,
    history_days: Sequence[date],
    target_days: Sequence[date],
    history_shared: FloatArray | None = None,
    target_shared: FloatArray | None = None,
) -> Expectation:
    """Fit the baseline on ``history`` and forecast the ``target_days``.

    ``*_shared`` is the log of the other topics' count on each day (the shared-day covariate).
    """
    y = np.asarray(history, dtype=np.float64)
    origin = target_days[0] if target_days else history_days[-1]
    x_hist = design(history_days, origin)
    x_target = design(target_days, origin)
    if history_shared is not None and target_shared is not None:
        x_hist[:, 9], x_target[:, 9] = _shared_covariate(
            x_hist, x_target, history_shared, target_shared
        )
    off_hist = np.zeros(len(y))
    off_target = np.zeros(len(target_days))
    if y.sum() <= 0:
        zeros = np.zeros(len(target_days))
        return Expectation(zeros, np.zeros((len(zeros), len(zeros))), 1.0, zeros >= 0)
    fit, empty = _fit(x_hist, y, off_hist)
    valid = ~np.any(x_target[:, empty] != 0, axis=1) if empty else np.ones(len(target_days), bool)
    if 7 not in fit.columns and 9 not in fit.columns:
        # No catch-up day in the baseline: its size is unknown, so such a day is not judged —
        # unless the shared-day covariate is there: the other topics' catch-up carries it.
        valid &= x_target[:, 7] == 0
    sub = x_target[:, fit.columns]
    mu = np.exp(np.clip(sub @ fit.beta + off_target, -30.0, 30.0)) * valid
    gradient = sub * mu[:, None]
    cov = gradient @ fit.cov @ gradient.T
    return Expectation(mu, cov, fit.phi, valid, fit.kappa)


def farrington_z(observed: float, expected: float, variance: float) -> float:
    """Farrington's exceedance score on the 2/3-power scale (0 when nothing is expected)."""
    if expected <= 0 or variance <= 0:
        return 0.0
    scale = (2.0 / 3.0) * expected ** (-1.0 / 3.0) * math.sqrt(variance)
    return float((observed ** (2.0 / 3.0) - expected ** (2.0 / 3.0)) / scale)


def threshold(expected: float, variance: float, z: float) -> float:
    """The Farrington upper limit: the count at which ``farrington_z`` reaches ``z``."""
    if expected <= 0:
        return 0.0
    scale = (2.0 / 3.0) * expected ** (-1.0 / 3.0) * math.sqrt(variance)
    return float(max(expected ** (2.0 / 3.0) + z * scale, 0.0) ** 1.5)


def log_offset(counts: FloatArray) -> FloatArray:
    """Log exposure from a count series (days without any exposure get a small floor)."""
    result: FloatArray = np.log(np.maximum(counts, 0.5))
    return result
