"""The Dutch calendar: month names and the public holidays on which a municipality is closed.

Pure functions, shared by the demo history, the signals baseline and the pages that write dates
in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def dutch_public_holidays(year: int) -> Mapping[date, str]:
    """The Dutch public holidays of ``year`` on which a municipality is closed.

    Koningsdag moves to 26 April when 27 April is a Sunday; Bevrijdingsdag (5 May) counts only
    in lustrum years, as for the government. Goede Vrijdag is a working day.
    """
    sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    holidays = {
        date(year, 1, 1): "Nieuwjaarsdag",
        sunday: "Eerste paasdag",
        sunday + timedelta(days=1): "Tweede paasdag",
        kings_day: "Koningsdag",
        sunday + timedelta(days=39): "Hemelvaartsdag",
        sunday + timedelta(days=49): "Eerste pinksterdag",
        sunday + timedelta(days=50): "Tweede pinksterdag",
        date(year, 12, 25): "Eerste kerstdag",
        date(year, 12, 26): "Tweede kerstdag",
    }
    if year % 5 == 0:
        holidays[date(year, 5, 5)] = "Bevrijdingsdag"
    return MappingProxyType(holidays)
