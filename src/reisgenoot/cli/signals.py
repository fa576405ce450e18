"""Command ``signals`` (contracts §9) and ``signals evaluate`` (the simulation harness).

``reisgenoot signals --json`` prints one JSON object::

    {"signals": [{"kind", "topic", "kanaal", "window", "baseline", "observed", "score",
                  "explanation", "examples"}, ...],
     "suppressed": N, "period": {"start", "end"} | null, "team": NAME | null,
     "team_merged": bool}

so the list of signals and the count of suppressed cells travel together; an empty database
gives ``"signals": []`` (and ``"suppressed": 0``) with exit code 0 (docs/decisions/0009).

``reisgenoot signals [--since DATE] [--until DATE] [--team NAME] --format html|pdf --out FILE``
writes the (weekly) report of the ISO weeks from ``--since`` to ``--until`` (default: the week
of the newest contact), as on ``/signalen/week``: at most 8 weeks, team level only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from reisgenoot.cli import context
from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError


def _parse_day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("bad date", detail=f"{flag} verwacht een datum als JJJJ-MM-DD") from exc


def report_lines(report: dict[str, Any]) -> list[str]:
    """The report as readable Dutch text."""
    lines: list[str] = []
    if report.get("team_merged"):
        lines.append(
            f"Het team {report['team']} is kleiner dan 5 mensen. Het telt alleen mee in het "
            "overzicht van de hele gemeente."
        )
    period = report.get("period")
    if period:
        lines.append(f"Periode: {period['start']} tot en met {period['end']}")
    if not report["signals"]:
        lines.append("Geen signalen.")
    for signal in report["signals"]:
        where = signal["topic"] + (f" ({signal['kanaal']})" if signal["kanaal"] else "")
        window = signal["window"]
        lines += ["", f"[{signal['kind']}] {where} — {window['start']} t/m {window['end']}"]
        lines.append(f"  {signal['explanation']}")
        lines += [f"  - voorbeeld: {example}" for example in signal["examples"]]
    lines += ["", f"Weggelaten cellen (minder dan 5 contacten of mensen): {report['suppressed']}"]
    return lines


def register(app: typer.Typer) -> None:
    """Add the ``signals`` group: the signals themselves and ``evaluate``."""
    signals = typer.Typer(
        help="Signalen over vragen, onderwerpen en toon — per team, nooit per medewerker.",
        invoke_without_command=True,
    )

    @signals.callback()
    def show(
        ctx: typer.Context,
        since: str | None = typer.Option(None, "--since", help="Eerste dag (JJJJ-MM-DD)."),
        until: str | None = typer.Option(
            None,
            "--until",
            help="Laatste dag (JJJJ-MM-DD); standaard de dag van het laatste contact.",
        ),
        team: str | None = typer.Option(
            None, "--team", help="Alleen dit team (minstens 5 mensen)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        output_format: str = typer.Option(
            "text", "--format", help="text, html of pdf (html en pdf: het weekrapport)."
        ),
        out: Path | None = typer.Option(None, "--out", help="Bestand voor html of pdf."),
    ) -> None:
        """Signalen in het laatste venster van de periode (standaard de laatste 28 dagen)."""
        if ctx.invoked_subcommand is not None:
            return
        from reisgenoot.signals.service import compute_signals

        first, last = _parse_day(since, "--since"), _parse_day(until, "--until")
        if output_format != "text" or out is not None:
            write_report(output_format, out, first, last, team)
            return
        with context.database().session() as session:
            report = compute_signals(session, first, last, team).to_dict()
        if as_json:
            typer.echo(dumps(report))
            return
        for line in report_lines(report):
            typer.echo(line)

    @signals.command("evaluate")
    def evaluate(
        runs: int = typer.Option(100, "--runs", min=1, help="Aantal gesimuleerde histories."),
        seed: int = typer.Option(0, "--seed", help="Startwaarde van het toeval."),
        surge: float = typer.Option(1.5, "--surge", help="Grootte van de piek (1.5 = +50%)."),
        low: float = typer.Option(20.0, "--min-volume", help="Kleinste onderwerp (per werkdag)."),
        high: float = typer.Option(150.0, "--max-volume", help="Grootste onderwerp (per werkdag)."),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    ) -> None:
        """Meet de detectoren op synthetische histories met ingebouwde pieken."""
        from reisgenoot.signals.simulate import HarnessConfig
        from reisgenoot.signals.simulate import evaluate as run_harness

        if low <= 0 or high < low:
            raise InputError("bad volumes", detail="--min-volume moet > 0 en ≤ --max-volume zijn")
        config = HarnessConfig(runs=runs, seed=seed, surge=surge, volumes=(low, high))
        result = run_harness(config)
        if as_json:
            typer.echo(dumps(result))
            return
        for line in harness_lines(result):
            typer.echo(line)

    app.add_typer(signals, name="signals")


def write_report(
    output_format: str, out: Path | None, first: date | None, last: date | None, team: str | None
) -> None:
    """The weekly report of the weeks ``[first, last]`` as HTML or PDF in ``out``."""
    from reisgenoot.signals import pdf
    from reisgenoot.signals import report as rpt
    from reisgenoot.signals.aggregate import latest_contact_day, team_id_by_name

    if output_format not in ("html", "pdf"):
        raise InputError("bad format", detail="--format verwacht text, html of pdf")
    if out is None:
        raise InputError("no out", detail="--out is nodig bij --format html of pdf")
    with context.database().session() as session:
        latest = latest_contact_day(session)
        if latest is None:
            raise InputError("no contacts", detail="er zijn nog geen contacten, dus geen rapport")
        until = last or latest
        if first is not None and first > until:
            raise InputError("since after until", detail="--since ligt na --until")
        weeks = rpt.weeks_between(first or until, until)
        if len(weeks) > rpt.MAX_WEEKS:
            raise InputError("too long", detail=f"hoogstens {rpt.MAX_WEEKS} weken per rapport")
        team_id = None if team is None else team_id_by_name(session, team)
        if team is not None and team_id is None:
            raise InputError("unknown team", code="onbekend_team", team=team)
        view = rpt.build(session, rpt.Scope(team_id, team), weeks)
    if output_format == "pdf":
        out.write_bytes(pdf.week_pdf(view))
    else:
        out.write_text(rpt.render_document(view, context.settings().municipality), "utf-8")
    typer.echo(f"Rapport geschreven: {out}")


def harness_lines(result: dict[str, Any]) -> list[str]:
    config = result["config"]
    lines = [
        f"{config['runs']} histories, {config['topics']} onderwerpen van "
        f"{config['volumes_per_weekday'][0]:.0f}–{config['volumes_per_weekday'][1]:.0f} "
        "contacten per werkdag, 12 weken basislijn + 1 kwartaal bewaking",
    ]
    labels = {
        "volume": f"Piek ×{config['surge']:g}",
        "toon": f"Toon +{config['tone_shift']:.0%} boos/bezorgd",
        "nieuw_onderwerp": f"Nieuw onderwerp ({config['new_topic_per_day']:g}/dag)",
    }
    for kind, label in labels.items():
        figures = result[kind]
        within = next(k for k in figures if k.startswith("detected_within_"))
        days = within.removeprefix("detected_within_").removesuffix("_days")
        delay = figures["median_delay_days"]
        lines.append(
            f"{label:<32} gevonden {figures['detected']:.0%}, binnen {days} dagen "
            f"{figures[within]:.0%}, mediane vertraging "
            f"{'-' if delay is None else f'{delay:.0f}'} dagen, vals alarm "
            f"{figures['false_alarms_per_topic_per_quarter']:.2f} per onderwerp per kwartaal "
            f"({figures['false_alarms_per_topic_per_month']:.2f} per maand)"
        )
    oracle = result.get("volume_oracle")
    if oracle is not None:
        lines.append(
            f"{'  ter vergelijking: orakel':<32} binnen 2 dagen "
            f"{oracle['detected_within_2_days']:.0%}, vals alarm "
            f"{oracle['false_alarms_per_topic_per_quarter']:.2f} per onderwerp per kwartaal "
            "(dezelfde detector, maar hij kent de echte basislijn)"
        )
    for band in result["volume"].get("within_2_days_by_volume", []):
        low, high = band["volume"]
        size = f"{low:.0f}+" if high is None else f"{low:.0f}–{high:.0f}"
        lines.append(
            f"  piek bij {size} contacten per werkdag: binnen 2 dagen {band['detected']:.0%} "
            f"({band['runs']} histories)"
        )
    return lines
