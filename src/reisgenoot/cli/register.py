"""Command ``register``: the registration draft of a conversation (contracts §7).

``reisgenoot register FILE [--json] [--kanaal K] [--save]`` prints the draft of one transcript;
``reisgenoot register --batch DIR --out FILE.jsonl`` writes one line per file of DIR, in sorted
file-name order, each with ``"source": <file name>``, with a progress bar on stderr. Nothing is
written to the database unless ``--save`` is given; then the draft becomes a *concept*
klantcontact with its turns, to be confirmed by a person.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import typer

from reisgenoot.cli.context import model
from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError, ReisgenootError

_SUFFIXES = (".txt", ".vtt", ".json")


def _lines(draft: dict[str, Any]) -> list[str]:
    """A readable summary of the draft (Dutch labels)."""
    lines = [
        f"Kanaal:        {draft['kanaal']}",
        f"Onderwerp:     {draft['onderwerp']}",
        f"Inhoud:        {draft['inhoud']}",
    ]
    for number, vraag in enumerate(draft["vragen"], start=1):
        confidence = draft["explanations"][f"vragen[{number - 1}].upl"]["confidence"]
        lines.append(
            f"Vraag {number}:       {vraag['upl']} — {vraag['specifiekeVraag']} "
            f"[{vraag['gespreksresultaat']}] (zekerheid {confidence:.2f})"
        )
    taak = draft["interneTaak"]
    lines.append(f"Interne taak:  {taak['gevraagdeHandeling'] if taak else 'geen'}")
    lines.append(
        f"Toon:          {draft['tone']['tone']}; complex: {'ja' if draft['complex'] else 'nee'}"
    )
    if draft.get("model"):
        lines.append(f"Taalmodel:     {draft['model']} (gecontroleerd op het gesprek)")
    if draft.get("modelNote"):
        lines.append(f"Let op:        {draft['modelNote']}")
    lines.append("Concept: controleer en bevestig voordat het wordt geregistreerd.")
    return lines


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(
            "no folder", code="bestand_onleesbaar", file=str(folder), detail="is geen map"
        )
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES),
        key=lambda p: p.name,
    )


def _batch(folder: Path, out: Path, kanaal: str | None) -> None:
    from rich.progress import Progress

    from reisgenoot.assist.registration import draft_registration
    from reisgenoot.assist.transcript import read_transcript

    files = _files(folder)
    try:
        handle = out.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=str(out), detail=exc.strerror or str(exc)
        ) from exc
    from rich.console import Console

    with handle, Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("Registreren", total=len(files))
        for path in files:
            try:
                line: dict[str, Any] = {
                    "source": path.name,
                    **draft_registration(read_transcript(path), kanaal=kanaal, model=model()),
                }
            except ReisgenootError as exc:
                line = {"source": path.name, "error": exc.dutch()}
            handle.write(dumps(line) + "\n")
            progress.advance(task)
    typer.echo(f"{len(files)} gesprekken verwerkt naar {out}", err=True)


def _save(transcript: Any, draft: dict[str, Any]) -> str:
    from reisgenoot.assist.concept import save_concept
    from reisgenoot.cli.context import database, settings

    with database().session() as session:
        contact = save_concept(
            session,
            transcript,
            draft,
            audit_key=settings().audit_secret(),
            actor=f"cli:{getpass.getuser()}",
        )
        return contact.uuid


def register(app: typer.Typer) -> None:
    """Add ``register`` to the root command."""

    @app.command("register")
    def register_command(
        file: Path | None = typer.Argument(
            None, help="Gesprek: tekst (spreker: tekst), WebVTT of JSON."
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        kanaal: str | None = typer.Option(
            None, "--kanaal", help="Kanaal, bijvoorbeeld Telefoon of Balie."
        ),
        save: bool = typer.Option(
            False, "--save", help="Sla op als concept-klantcontact (met beurten)."
        ),
        batch: Path | None = typer.Option(
            None, "--batch", help="Map met gesprekken (.txt, .vtt, .json)."
        ),
        out: Path | None = typer.Option(None, "--out", help="JSON Lines-uitvoer bij --batch."),
    ) -> None:
        """Stel een registratie voor van een gesprek (concept; een medewerker bevestigt)."""
        from reisgenoot.assist.registration import draft_registration
        from reisgenoot.assist.transcript import read_transcript

        if kanaal is not None and not 0 < len(kanaal) <= 50:
            raise InputError("bad kanaal", detail="--kanaal moet 1 tot 50 tekens zijn")
        if batch is not None:
            if out is None:
                raise InputError("no out", detail="geef bij --batch ook --out BESTAND.jsonl")
            _batch(batch, out, kanaal)
            return
        if file is None:
            raise InputError(
                "no file", detail="geef een gespreksbestand of --batch MAP --out BESTAND"
            )
        transcript = read_transcript(file)
        draft = draft_registration(transcript, kanaal=kanaal, model=model())
        if save:
            uuid = _save(transcript, draft)
            typer.echo(f"Opgeslagen als concept-klantcontact {uuid}", err=True)
        if as_json:
            typer.echo(dumps(draft))
            return
        for line in _lines(draft):
            typer.echo(line)
