"""Command ``redact``: personal data out of a text, file or JSON Lines batch.

A FILE (or standard input) is processed as a stream, in segments that end at a line break, so
a 50 MB file never sits in memory whole. ``--json`` still writes one JSON object: the redacted
text is written piece by piece, the entities are kept in a spooled temporary file (memory up to
1 MB, then disk) and follow at the end. Offsets are code points in the whole input.
Pseudonyms (``--style pseudonyms``) are consistent within one input: the whole file, or one
batch line.
"""

from __future__ import annotations

import codecs
import json
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

import typer

from reisgenoot.cli.io import open_binary, run_batch, text_field, validate_utf8
from reisgenoot.errors import InputError
from reisgenoot.language.pii import Detector, PseudonymMap, apply

SEGMENT = 1 << 20  # characters per segment, cut at a line break (or a space) when possible
_STYLES = ("tags", "pseudonyms")
_SOURCE_HELP = "Bestand met tekst, of '-' (standaard) voor standaardinvoer."
_BATCH_HELP = "JSON Lines met {\"text\"}; '-' is standaardinvoer. Eén uitvoerregel per invoerregel."


def _detector() -> Detector:
    from reisgenoot.settings import Settings

    return Detector(Settings().zaaknummer_patterns)


def _decode(handle: BinaryIO, source: str) -> Iterator[str]:
    """Decode strict UTF-8 in blocks; an error names the byte offset."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    name = "standaardinvoer" if source == "-" else source
    while True:
        block = handle.read(1 << 16)
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            raise InputError(
                "invalid utf-8", code="geen_utf8", file=name, offset=offset + exc.start
            ) from exc
        offset += len(block)
        if text:
            yield text
        if not block:
            return


def segments(source: str) -> Iterator[str]:
    """The input in pieces of about :data:`SEGMENT` characters ending at a line break."""
    validate_utf8(source)
    handle = open_binary(source)
    pending = ""
    try:
        for text in _decode(handle, source):
            pending += text
            while len(pending) >= SEGMENT:
                cut = pending.rfind("\n", 0, SEGMENT)
                if cut < 0:
                    cut = pending.rfind(" ", 0, SEGMENT)
                cut = cut + 1 if cut >= 0 else SEGMENT
                yield pending[:cut]
                pending = pending[cut:]
        if pending:
            yield pending
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def redact_stream(
    source: str, out: IO[str], *, as_json: bool, style: str, detector: Detector
) -> None:
    """Redact FILE or ``-`` segment by segment and write the result to ``out``."""
    pseudonyms = PseudonymMap()
    if not as_json:
        for segment in segments(source):
            entities = detector.detect(segment)
            out.write(apply(segment, entities, style=style, pseudonyms=pseudonyms))
        return
    with tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8") as spool:
        out.write('{"text": "')
        base, count = 0, 0
        for segment in segments(source):
            entities = detector.detect(segment)
            out.write(
                json.dumps(apply(segment, entities, style=style, pseudonyms=pseudonyms))[1:-1]
            )
            for e in entities:
                item = {
                    "start": base + e.start,
                    "end": base + e.end,
                    "type": e.type,
                    "text": e.text,
                }
                spool.write(("," if count else "") + json.dumps(item, ensure_ascii=False))
                count += 1
            base += len(segment)
        out.write('", "entities": [')
        spool.seek(0)
        while block := spool.read(1 << 16):
            out.write(block)
        out.write("]}\n")


def redact_record(record: dict[str, Any], style: str, detector: Detector) -> dict[str, Any]:
    """One batch line: ``{"text", "entities"}`` with pseudonyms fresh for this line."""
    text = text_field(record, "text")
    entities = detector.detect(text)
    return {
        "text": apply(text, entities, style=style, pseudonyms=PseudonymMap()),
        "entities": [
            {"start": e.start, "end": e.end, "type": e.type, "text": e.text} for e in entities
        ],
    }


def register(app: typer.Typer) -> None:
    """Add ``redact`` to the root command."""

    @app.command("redact")
    def redact(
        source: str = typer.Argument("-", help=_SOURCE_HELP),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON met de entiteiten."),
        style: str = typer.Option(
            "tags", "--style", help="tags ([NAAM]) of pseudonyms ([NAAM-1])."
        ),
        batch: str | None = typer.Option(None, "--batch", help=_BATCH_HELP),
    ) -> None:
        """Haal persoonsgegevens uit een tekst: BSN, IBAN, telefoon, e-mail, adres, naam, …"""
        if style not in _STYLES:
            raise InputError(
                "bad style", detail=f"--style moet 'tags' of 'pseudonyms' zijn, niet '{style}'"
            )
        detector = _detector()
        if batch is not None:
            run_batch(batch, lambda record: redact_record(record, style, detector))
            return
        redact_stream(source, sys.stdout, as_json=as_json, style=style, detector=detector)
