"""Dates, times and numbers as Dutch readers expect them, for every page.

Times are stored in UTC (SQLite gives them back without a zone; they are UTC too) and shown in
local time (Europe/Amsterdam). Numbers use a decimal comma and a thousands point: "10,8" and
"1.250". Registered as Jinja filters by :class:`~reisgenoot.web.templating.Pages`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from reisgenoot.language.calendar import MONTHS

LOCAL = ZoneInfo("Europe/Amsterdam")

__all__ = [
    "FILTERS",
    "LOCAL",
    "datum",
    "datumtijd",
    "getal",
    "local",
    "maand",
    "procent",
    "zekerheid",
]


def local(moment: datetime) -> datetime:
    """``moment`` in Europe/Amsterdam; a moment without zone is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL)


def datum(value: date | datetime | None) -> str:
    """A date as dd-mm-jjjj (a moment first in local time); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime("%d-%m-%Y")


def datumtijd(value: datetime | None) -> str:
    """A moment as dd-mm-jjjj uu:mm in local time; empty for None."""
    if value is None:
        return ""
    return local(value).strftime("%d-%m-%Y %H:%M")


def getal(value: float | int | None, decimals: int = 0) -> str:
    """A number with a decimal comma and a thousands point: 1250.5 → "1.250,5"."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def procent(share: float | None, decimals: int = 0) -> str:
    """A share (0–1) as a percentage: 0.125 → "13%" (or "12,5%" with one decimal)."""
    if share is None:
        return ""
    return getal(share * 100, decimals) + "%"


def maand(value: str | None) -> str:
    """A month key "jjjj-mm" as "november 2026"; anything else is shown as it is."""
    if not value:
        return ""
    year, _dash, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return value
    return f"{MONTHS[int(month) - 1]} {year}"


SURE = 0.8  # a confidence from here on reads "hoog"
FAIR = 0.5  # from here on "middel"; below it "laag"


def zekerheid(confidence: float) -> str:
    """A draft field's confidence (0–1) as the label the employee sees: hoog, middel or laag."""
    return "hoog" if confidence >= SURE else ("middel" if confidence >= FAIR else "laag")


FILTERS = {
    "maand": maand,
    "datum": datum,
    "datumtijd": datumtijd,
    "getal": getal,
    "procent": procent,
    "zekerheid": zekerheid,
}
