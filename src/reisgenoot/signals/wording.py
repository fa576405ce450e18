"""The explanation of each signal, in plain Dutch (B1): what was counted, what is normal, why
it is unusual, and for the kennisbank kinds what might be behind it."""

from __future__ import annotations

from datetime import date

from reisgenoot.language.calendar import MONTHS
from reisgenoot.signals.detectors import Z_SHARE, Alarm, proportion_z


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def period_text(start: date, end: date) -> str:
    if start == end:
        return f"op {_day(start)}"
    return f"van {_day(start)} tot en met {_day(end)}"


def _where(topic: str, kanaal: str | None) -> str:
    where = f"'{topic}'"
    return where + (f" via {kanaal}" if kanaal else "")


def volume_text(
    topic: str, kanaal: str | None, window: tuple[date, date], alarm: Alarm, h: float
) -> str:
    growth = (alarm.observed / alarm.expected - 1.0) * 100 if alarm.expected else 0.0
    chance = (
        f" Bij toeval zou het hoogstens ongeveer {alarm.limit:.0f} zijn."
        if alarm.observed > alarm.limit
        else ""
    )
    return (
        f"Over {_where(topic, kanaal)} kwamen {period_text(*window)} {alarm.observed:.0f} "
        f"contacten binnen. Normaal zijn dat er ongeveer {alarm.expected:.0f}. Daarbij is "
        f"rekening gehouden met de dag van de week en met feestdagen. Dat is {growth:.0f}% meer "
        f"dan normaal.{chance} Zo'n stijging komt bij toeval bijna nooit voor (score "
        f"{alarm.score:.1f}, signaal vanaf {h:.1f})."
    )


SHARE_WORDING = {
    "toon": (
        "was {share} van de inwoners boos of bezorgd ({x} van {n} contacten)",
        "Normaal is dat {reference} ({x0} van {n0}).",
        "",
    ),
    "herhaalcontact": (
        "nam {share} van de inwoners binnen 7 dagen opnieuw contact op over hetzelfde "
        "onderwerp ({x} van {n} contacten)",
        "Normaal is dat {reference} ({x0} van {n0}).",
        " Misschien was het eerste antwoord niet duidelijk of niet compleet.",
    ),
    "kennisbank": (
        "werd {share} van de vragen doorverbonden of moest de inwoner opnieuw contact opnemen "
        "({x} van {n} vragen)",
        "Bij de andere onderwerpen samen is dat {reference} ({x0} van {n0}).",
        " Misschien ontbreekt er informatie in de kennisbank.",
    ),
    "kennisbank_chat": (
        "vonden inwoners in de chat op de website {share} van de antwoorden niet nuttig ({x} van "
        "{n} beoordelingen)",
        "Bij de andere onderwerpen samen is dat {reference} ({x0} van {n0}).",
        " Misschien ontbreekt er informatie in de kennisbank, of is het artikel niet meer actueel.",
    ),
}


def share_text(
    kind: str,
    topic: str,
    window: tuple[date, date],
    counts: tuple[int, ...],
    kanaal: str | None = None,
) -> str:
    x, n, x0, n0 = counts
    first, second, advice = SHARE_WORDING[kind if kanaal is None else f"{kind}_chat"]
    values = {
        "share": f"{x / n:.0%}",
        "reference": f"{x0 / n0:.0%}",
        "x": x,
        "n": n,
        "x0": x0,
        "n0": n0,
    }
    return (
        f"Bij {_where(topic, None)} {first.format(**values)}, {period_text(*window)}. "
        f"{second.format(**values)} Zo'n verschil komt bij toeval bijna nooit voor "
        f"(score {proportion_z(x, n, x0, n0):.1f}, signaal vanaf {Z_SHARE:.1f}).{advice}"
    )


def emerging_text(
    label: str, recent: int, window: tuple[date, date], before_days: int, before: float
) -> str:
    return (
        f"Er komen nieuwe vragen binnen over '{label}': {recent} contacten "
        f"{period_text(*window)}. In de {before_days} dagen daarvoor waren het "
        f"er ongeveer {before:.0f}. Deze vragen passen niet goed bij een "
        "bekend onderwerp."
    )
