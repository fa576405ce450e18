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
from functools import lru_cache
from pathlib import Path
from typing import Any

import typer

from reisgenoot.cli.context import model
from reisgenoot.cli.io import EXIT_PARTIAL, dumps
from reisgenoot.errors import InputError, ReisgenootError

_SUFFIXES = (".txt", ".vtt", ".json", ".wav")
_CHANNELS = {"links": 0, "rechts": 1}


def _tone(tone: dict[str, Any]) -> str:
    """The resident's tone as the live panel shows it, with a stronger negative tone earlier in
    the call when the closing one differs ("positief (eerder in het gesprek: geïrriteerd)")."""
    said = str(tone.get("word") or tone["tone"])
    peak = tone.get("peak")
    if peak and peak["tone"] != tone["tone"]:
        said += f" (eerder in het gesprek: {peak.get('word') or peak['tone']})"
    return said


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
        if vraag.get("ookMogelijk"):
            lines.append(f"               Ook mogelijk: {', '.join(vraag['ookMogelijk'])}")
    taak = draft["interneTaak"]
    lines.append(f"Interne taak:  {taak['gevraagdeHandeling'] if taak else 'geen'}")
    lines.append(
        f"Toon:          {_tone(draft['tone'])}; complex: {'ja' if draft['complex'] else 'nee'}"
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


def _batch(folder: Path, out: Path, kanaal: str | None) -> int:
    """Write one line per file; the number of files that gave an error line."""
    from rich.progress import Progress

    from reisgenoot.assist.registration import draft_registration

    files = _files(folder)
    try:
        handle = out.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=str(out), detail=exc.strerror or str(exc)
        ) from exc
    from rich.console import Console

    failed = 0
    with handle, Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("Registreren", total=len(files))
        for path in files:
            try:
                line: dict[str, Any] = {
                    "source": path.name,
                    **draft_registration(_read(path, 0)[0], kanaal=kanaal, model=model()),
                }
            except ReisgenootError as exc:
                line = {"source": path.name, "error": exc.dutch()}
                failed += 1
            handle.write(dumps(line) + "\n")
            progress.advance(task)
    typer.echo(f"{len(files)} gesprekken verwerkt naar {out}", err=True)
    if failed:
        typer.echo(
            f"{failed} van de {len(files)} gesprekken gaven een fout (zie 'error').", err=True
        )
    return failed


def _speech_backend() -> Any:
    """The speech backend of the settings, made once per setting (a batch loads one model)."""
    from reisgenoot.cli.context import settings

    current = settings()
    return _backend_for(current.speech_model_dir, current.speech_url, current.speech_model)


@lru_cache(maxsize=2)
def _backend_for(model_dir: Path | None, url: str | None, model: str) -> Any:
    # the arguments are only the cache key: the backend follows the current settings
    from reisgenoot.assist.spoken import require_backend
    from reisgenoot.cli.context import settings

    return require_backend(settings())


def _read(path: Path, employee_channel: int) -> tuple[Any, dict[str, object] | None]:
    """The transcript of a file; a recording (.wav) is transcribed first (with its facts)."""
    from reisgenoot.assist.transcript import read_transcript

    if path.suffix.lower() not in (".wav",):
        return read_transcript(path), None
    from reisgenoot.assist.spoken import transcribe_file
    from reisgenoot.cli.context import settings

    return transcribe_file(
        path,
        _speech_backend(),
        name=str(path),
        language=settings().speech_language,
        employee_channel=employee_channel,
        progress=lambda done, total: typer.echo(f"spraak: {done}/{total}", err=True),
    )


def _save(transcript: Any, draft: dict[str, Any], spoken: dict[str, object] | None) -> str:
    from reisgenoot.assist.concept import save_concept
    from reisgenoot.assist.spoken import record_transcribed
    from reisgenoot.cli.context import database, settings
    from reisgenoot.contacts.linking import link_key

    actor = f"cli:{getpass.getuser()}"
    with database().session() as session:
        key = settings().audit_secret()
        contact = save_concept(
            session, transcript, draft, audit_key=key, link_key=link_key(settings()), actor=actor
        )
        if spoken is not None:
            record_transcribed(session, key, actor=actor, contact_uuid=contact.uuid, facts=spoken)
        return contact.uuid


def _write_turns(path: Path, transcript: Any) -> None:
    lines = [f"{turn.speaker}: {turn.text}" for turn in transcript.turns]
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=str(path), detail=exc.strerror or str(exc)
        ) from exc


def register(app: typer.Typer) -> None:
    """Add ``register`` to the root command."""

    @app.command("register")
    def register_command(
        file: Path | None = typer.Argument(
            None, help="Gesprek: tekst (spreker: tekst), WebVTT, JSON of een opname (.wav)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        kanaal: str | None = typer.Option(
            None, "--kanaal", help="Kanaal, bijvoorbeeld Telefoon of Balie."
        ),
        save: bool = typer.Option(
            False, "--save", help="Sla op als concept-klantcontact (met beurten)."
        ),
        batch: Path | None = typer.Option(
            None, "--batch", help="Map met gesprekken (.txt, .vtt, .json, .wav)."
        ),
        out: Path | None = typer.Option(None, "--out", help="JSON Lines-uitvoer bij --batch."),
        employee_side: str = typer.Option(
            "links", "--medewerker-kanaal", help="Stereo-opname: kanaal van de medewerker."
        ),
        transcript_out: Path | None = typer.Option(
            None, "--transcript", help="Schrijf de herkende beurten (spreker: tekst) hierheen."
        ),
    ) -> None:
        """Stel een registratie voor van een gesprek (concept; een medewerker bevestigt)."""
        from reisgenoot.cli.context import learned_models

        if employee_side not in _CHANNELS:
            raise InputError("bad side", detail="--medewerker-kanaal is links of rechts")
        if kanaal is not None and not 0 < len(kanaal) <= 50:
            raise InputError("bad kanaal", detail="--kanaal moet 1 tot 50 tekens zijn")
        learned_models()
        if batch is not None:
            if out is None:
                raise InputError("no out", detail="geef bij --batch ook --out BESTAND.jsonl")
            if _batch(batch, out, kanaal):
                raise typer.Exit(EXIT_PARTIAL)
            return
        if file is None:
            raise InputError(
                "no file", detail="geef een gespreksbestand of --batch MAP --out BESTAND"
            )
        _single(file, kanaal, save, as_json, _CHANNELS[employee_side], transcript_out)


def _single(
    file: Path,
    kanaal: str | None,
    save: bool,
    as_json: bool,
    employee_channel: int,
    transcript_out: Path | None,
) -> None:
    from reisgenoot.assist.registration import draft_registration

    transcript, spoken = _read(file, employee_channel)
    if transcript_out is not None:
        _write_turns(transcript_out, transcript)
    draft = draft_registration(transcript, kanaal=kanaal, model=model())
    if save:
        uuid = _save(transcript, draft, spoken)
        typer.echo(f"Opgeslagen als concept-klantcontact {uuid}", err=True)
    if as_json:
        typer.echo(dumps(draft))
        return
    for line in _lines(draft):
        typer.echo(line)
