"""Commands ``tone`` (tone of a resident's words) and ``b1`` (plain-language check)."""

from __future__ import annotations

from typing import Any

import typer

from reisgenoot.cli.io import dumps, read_text, run_batch, text_field
from reisgenoot.errors import InputError
from reisgenoot.language.readability import B1Report, check_b1
from reisgenoot.language.tone import ToneResult, analyse_tone

_TEXT_HELP = "De tekst zelf, of '-' om standaardinvoer te lezen."
_BATCH_HELP = "JSON Lines met {\"text\"}; '-' is standaardinvoer. Eén uitvoerregel per invoerregel."


def _input_text(text: str | None) -> str:
    if text is None:
        raise InputError("no text", detail="geef een tekst, '-' voor standaardinvoer, of --batch")
    return read_text("-") if text == "-" else text


def tone_line(result: ToneResult) -> str:
    """A short Dutch line: "boos (0.82) — escaleren: vraagt_mens; signalen: …"."""
    line = f"{result.tone} ({result.intensity:.2f})"
    if result.escalate:
        line += " — escaleren: " + ", ".join(result.escalate_reasons)
    if result.cues:
        line += ("; " if result.escalate else " — ") + "signalen: " + ", ".join(result.cues)
    return line


def b1_lines(report: B1Report) -> list[str]:
    """Plain output of the B1 check: the verdict, then the reasons per sentence."""
    verdict = "ja" if report.b1 else "nee"
    lines = [
        f"B1: {verdict} (Flesch-Douma {report.flesch_douma:.0f}, "
        f"{report.words_per_sentence:.1f} woorden per zin, "
        f"{report.rare_word_share:.0%} moeilijke woorden)"
    ]
    lines.extend(f"- {reason}" for reason in report.reasons)
    for check in report.sentences:
        if check.reasons:
            lines.append(f"Zin: {check.text}")
            lines.extend(f"  - {reason}" for reason in check.reasons)
    return lines


def register(app: typer.Typer) -> None:
    """Add ``tone`` and ``b1`` to the root command."""

    @app.command("tone")
    def tone(
        text: str | None = typer.Argument(None, help=_TEXT_HELP),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        batch: str | None = typer.Option(None, "--batch", help=_BATCH_HELP),
    ) -> None:
        """Toon van wat een inwoner schrijft of zegt: boos, bezorgd, neutraal of positief.

        Alleen voor woorden van inwoners, nooit voor medewerkers.
        """

        def process(record: dict[str, Any]) -> dict[str, object]:
            return analyse_tone(text_field(record, "text")).to_dict()

        if batch is not None:
            run_batch(batch, process)
            return
        result = analyse_tone(_input_text(text))
        typer.echo(dumps(result.to_dict()) if as_json else tone_line(result))

    @app.command("b1")
    def b1(
        text: str | None = typer.Argument(None, help=_TEXT_HELP),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        batch: str | None = typer.Option(None, "--batch", help=_BATCH_HELP),
    ) -> None:
        """Controleer of een tekst in eenvoudig Nederlands (taalniveau B1) is geschreven."""

        def process(record: dict[str, Any]) -> dict[str, object]:
            return check_b1(text_field(record, "text")).to_dict()

        if batch is not None:
            run_batch(batch, process)
            return
        report = check_b1(_input_text(text))
        if as_json:
            typer.echo(dumps(report.to_dict()))
            return
        for line in b1_lines(report):
            typer.echo(line)
