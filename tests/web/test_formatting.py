"""Dutch dates, local times and numbers on every page (web/formatting.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reisgenoot.web.formatting import datum, datumtijd, getal, maand, procent


def test_moments_are_shown_in_local_time() -> None:
    winter = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # CET: already the 7th
    summer = datetime(2026, 7, 1, 12, 0)  # naive from SQLite: UTC; CEST is UTC+2
    assert datumtijd(winter) == "07-12-2026 00:30"
    assert datum(winter) == "07-12-2026"
    assert datumtijd(summer) == "01-07-2026 14:00"
    assert datum(date(2026, 3, 9)) == "09-03-2026"
    assert datum(None) == datumtijd(None) == ""


def test_numbers_have_a_decimal_comma_and_a_thousands_point() -> None:
    assert getal(10.8, 1) == "10,8"
    assert getal(1250) == "1.250"
    assert getal(1250.46, 1) == "1.250,5"
    assert getal(-3.25, 2) == "-3,25"
    assert procent(0.125, 1) == "12,5%"
    assert procent(0.5) == "50%"
    assert getal(None) == procent(None) == ""


def test_month_keys_are_shown_as_dutch_months() -> None:
    assert maand("2026-11") == "november 2026"
    assert maand("2027-01") == "januari 2027"
    assert maand("2026-13") == "2026-13"
    assert maand("") == ""
