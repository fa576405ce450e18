"""Import confirmed examples from a file: a new installation or a migration from another system.

``reisgenoot learn import FILE.jsonl`` reads one conversation per line::

    {"transcript": {"kanaal": "Telefoon",
                    "turns": [{"speaker": "inwoner" | "medewerker", "text": "…"}]},
     "registration": {"vragen": [{"upl": "…", "specifiekeVraag": "…",
                                  "gespreksresultaat": "…"}],
                      "interneTaak": {…} | null}}

Every line is checked and its text redacted (:func:`reisgenoot.learning.examples.clean`, as for
registrations confirmed in the review gate) before anything is stored; the first bad line stops
the import with a Dutch error naming the line, and nothing is stored (one transaction at the
end). The label keeps products, outcomes and whether there was an internal task — no free
text (``specifiekeVraag`` may hold what the redaction missed). Provenance is the kind
``registratie``, the capability ``import`` and the time of the import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from reisgenoot.errors import LearningImportError
from reisgenoot.learning.examples import TEXT_MAX, clean
from reisgenoot.learning.models import REGISTRATION, Example
from reisgenoot.store.base import utcnow

LINE_MAX = 1_000_000  # bytes of one line; longer lines are refused
SPEAKERS = ("inwoner", "medewerker")
CAPABILITY = "import"
PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class Parsed:
    """One checked and redacted line, ready to store."""

    text: str
    label: dict[str, Any]


def _bad(line: int, detail: str) -> LearningImportError:
    return LearningImportError(
        f"line {line}: {detail}", code="leren_import_fout", line=line, detail=detail
    )


def _text(value: Any, line: int, where: str) -> str:
    if not isinstance(value, str):
        raise _bad(line, f"{where} moet tekst zijn")
    return value


def _record(raw: bytes, line: int) -> dict[str, Any]:
    if len(raw) > LINE_MAX:
        raise _bad(line, f"de regel is langer dan {LINE_MAX:,} bytes".replace(",", "."))
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(line, f"geen geldige UTF-8-tekst (fout bij byte {exc.start})") from exc
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise _bad(line, f"geen geldige JSON ({exc.msg}, teken {exc.pos + 1})") from exc
    if not isinstance(record, dict):
        raise _bad(line, "verwacht een object met transcript en registration")
    return record


def _turns(transcript: dict[str, Any], line: int) -> list[tuple[str, str]]:
    turns = transcript.get("turns")
    if not isinstance(turns, list) or not turns:
        raise _bad(line, "transcript.turns moet een niet-lege lijst zijn")
    pairs: list[tuple[str, str]] = []
    for number, turn in enumerate(turns, start=1):
        if not isinstance(turn, dict):
            raise _bad(line, f"beurt {number} is geen object")
        speaker = turn.get("speaker")
        if speaker not in SPEAKERS:
            raise _bad(line, f"beurt {number}: speaker moet 'inwoner' of 'medewerker' zijn")
        pairs.append((str(speaker), _text(turn.get("text"), line, f"beurt {number}: text")))
    if not any(s == "inwoner" and t.strip() for s, t in pairs):
        raise _bad(line, "het gesprek heeft geen beurt van de inwoner met tekst")
    return pairs


def _vragen(
    registration: dict[str, Any], line: int, products: Collection[str] | None
) -> list[dict[str, str]]:
    vragen = registration.get("vragen")
    if not isinstance(vragen, list) or not vragen:
        raise _bad(line, "registration.vragen moet een niet-lege lijst zijn")
    found: list[dict[str, str]] = []
    for number, vraag in enumerate(vragen, start=1):
        if not isinstance(vraag, dict):
            raise _bad(line, f"vraag {number} is geen object")
        upl = _text(vraag.get("upl"), line, f"vraag {number}: upl").strip()
        if not upl:
            raise _bad(line, f"vraag {number}: upl is leeg")
        if products is not None and upl not in products:
            raise _bad(line, f"vraag {number}: het UPL-product '{upl[:80]}' bestaat niet")
        _text(vraag.get("specifiekeVraag", ""), line, f"vraag {number}: specifiekeVraag")
        outcome = _text(
            vraag.get("gespreksresultaat", ""), line, f"vraag {number}: gespreksresultaat"
        )
        found.append({"upl": upl, "gespreksresultaat": outcome.strip()[:100]})
    return found


def parse_line(raw: bytes, line: int, products: Collection[str] | None = None) -> Parsed:
    """Check one line and redact its text; raises :class:`LearningImportError` naming ``line``."""
    record = _record(raw, line)
    transcript, registration = record.get("transcript"), record.get("registration")
    if not isinstance(transcript, dict):
        raise _bad(line, "transcript ontbreekt of is geen object")
    if not isinstance(registration, dict):
        raise _bad(line, "registration ontbreekt of is geen object")
    kanaal = _text(transcript.get("kanaal", ""), line, "transcript.kanaal")
    pairs = _turns(transcript, line)
    vragen = _vragen(registration, line, products)
    task = registration.get("interneTaak")
    if task is not None and not isinstance(task, dict):
        raise _bad(line, "registration.interneTaak moet een object of null zijn")
    text = "\n".join(f"{speaker}: {clean(said)}" for speaker, said in pairs if said.strip())
    label = {"kanaal": kanaal.strip()[:40], "vragen": vragen, "interneTaak": task is not None}
    return Parsed(text[:TEXT_MAX], label)


def read_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Numbered non-empty lines of a binary file (1-based, as an editor counts). A line longer
    than :data:`LINE_MAX` is never read whole: it is cut and :func:`parse_line` refuses it."""
    number = 0
    while raw := handle.readline(LINE_MAX + 1):
        number += 1
        if len(raw) > LINE_MAX and not raw.endswith(b"\n"):
            while (rest := handle.readline(LINE_MAX)) and not rest.endswith(b"\n"):
                pass
        stripped = raw.strip()
        if stripped:
            yield number, stripped


def import_examples(
    session: Session,
    lines: Iterable[tuple[int, bytes]],
    *,
    products: Collection[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Check and redact every line, then store all as examples in ``session`` (the caller's
    transaction); the first bad line raises and nothing is added. Returns how many."""
    parsed: list[Parsed] = []
    for number, raw in lines:
        parsed.append(parse_line(raw, number, products))
        if progress is not None and len(parsed) % PROGRESS_EVERY == 0:
            progress(len(parsed))
    if not parsed:
        raise LearningImportError("empty", code="leren_import_leeg")
    now = utcnow()
    session.add_all(
        Example(
            kind=REGISTRATION,
            capability=CAPABILITY,
            text=item.text,
            label=item.label,
            proposed=None,
            created_at=now,
        )
        for item in parsed
    )
    session.flush()
    return len(parsed)
