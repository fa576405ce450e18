"""The volume detector on hand-made baselines: the CUSUM adds up working days (across a weekend
and from the lead-in), weekends never alarm alone, small series must at least double, and the
negative-binomial over-dispersion is estimated per series."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from reisgenoot.signals.baseline import Expectation, day_type, expect
from reisgenoot.signals.detectors import (
    H_VOLUME,
    MIN_EXPECTED,
    Forecast,
    best_alarm,
    lead_expectation,
    volume_alarms,
)

FRIDAY = date(2026, 11, 13)  # the lead-in runs Monday 9 … Sunday 15, the window from Monday 16


def _forecast(weekday: float, closed: float, days: int = 14, lead: int = 7) -> Forecast:
    first = FRIDAY - timedelta(days=4)
    dates = [first + timedelta(days=i) for i in range(days)]
    open_days = np.array([day_type(d) < 5 for d in dates])
    mu = np.where(open_days, weekday, closed).astype(np.float64)
    expectation = Expectation(mu, np.zeros((days, days)), 1.0, np.ones(days, dtype=bool))
    return Forecast(expectation, lead, open_days)


def _counts(forecast: Forecast, factors: dict[int, float]) -> np.ndarray:
    counts = np.round(forecast.expectation.mu).astype(np.float64)
    for index, factor in factors.items():
        counts[index] = round(forecast.expectation.mu[index] * factor)
    return counts


def test_a_rise_from_friday_is_added_to_monday() -> None:
    forecast = _forecast(40.0, 3.0)
    friday, monday = 4, 7  # index 7 is the first window day
    # Friday +35 % and Monday +35 %: neither alone reaches the level, together they do.
    both = _counts(forecast, {friday: 1.35, monday: 1.35})
    alarm = best_alarm(both, forecast)
    assert alarm is not None
    assert alarm.start == friday - monday and alarm.end == 0  # the span starts in the lead-in
    assert alarm.observed == both[friday : monday + 1].sum()
    assert alarm.score >= H_VOLUME
    assert best_alarm(_counts(forecast, {monday: 1.35}), forecast) is None
    assert best_alarm(_counts(forecast, {friday: 1.35}), forecast) is None


def test_weekend_and_holiday_counts_never_alarm_alone() -> None:
    forecast = _forecast(40.0, 3.0)
    saturday, sunday = 12, 13  # in the window
    result = volume_alarms(_counts(forecast, {saturday: 6.0, sunday: 6.0}), forecast)
    assert result == [None] * 7


def test_a_clear_surge_alarms_on_its_first_day() -> None:
    forecast = _forecast(60.0, 4.0)
    result = volume_alarms(_counts(forecast, {7: 1.6, 8: 1.6}), forecast)
    first = result[0]
    assert first is not None and first.start == 0 and first.observed == 96
    assert first.limit < first.observed


@pytest.mark.parametrize(("factor", "alarms"), [(1.6, False), (3.0, True)])
def test_small_series_must_at_least_double(factor: float, alarms: bool) -> None:
    """Two contacts a working day: +60 % for a whole week is a handful of contacts (no signal),
    three times as many is one."""
    forecast = _forecast(2.0, 0.2)
    week = dict.fromkeys(range(7, 12), factor)
    found = best_alarm(_counts(forecast, week), forecast)
    assert (found is not None) is alarms
    if found is not None:
        assert found.expected >= MIN_EXPECTED and found.observed >= 2 * found.expected


def test_negative_binomial_dispersion_is_estimated_per_series() -> None:
    rng = np.random.default_rng(4)
    start = date(2026, 6, 1)
    days = [start + timedelta(days=i) for i in range(91)]
    target = [days[-1] + timedelta(days=i + 1) for i in range(7)]
    open_mean = np.array([150.0 if day_type(d) < 5 else 5.0 for d in days])
    swings = rng.gamma(1 / 0.04, 0.04, size=len(days))  # κ = 0.04: a CV of 20 % a day
    noisy = expect(rng.poisson(open_mean * swings).astype(np.float64), days, target)
    calm = expect(rng.poisson(open_mean).astype(np.float64), days, target)
    assert 0.015 < noisy.kappa < 0.08
    assert calm.kappa < 0.01
    mu = noisy.mu[:1]
    assert float(noisy.noise(mu)[0]) > 2.5 * float(mu[0])


def test_lead_in_days_are_left_out_of_the_fit() -> None:
    """A rise in the lead-in does not raise its own baseline."""
    start = date(2026, 8, 3)
    days = [start + timedelta(days=i) for i in range(84 + 7)]
    series = np.array([50.0 if day_type(d) < 5 else 2.0 for d in days])
    series[84 - 3 : 84] *= 2.0  # the last three days of the baseline period
    forecast = lead_expectation(series, days, 84)
    assert forecast.lead == 7
    working = forecast.expectation.mu[forecast.open_days]
    assert np.allclose(working, 50.0, rtol=0.05)
