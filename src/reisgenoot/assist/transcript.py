"""Conversation transcripts: plain ``speaker: text`` lines, WebVTT and JSON.

Three input forms give one :class:`Transcript`:

- **Plain text**: one turn per line, ``medewerker: …``, ``inwoner: …``, ``ondernemer: …`` or
  ``klant: …`` (any case). Empty lines and lines starting with ``#`` are skipped; a line that
  starts with white space continues the turn before it.
- **WebVTT**: ``WEBVTT`` header, cues with ``00:00:01.000 --> 00:00:04.000`` timings and
  ``<v Inwoner>`` voices (the first word of the voice is the speaker, so ``<v Medewerker Anouk>``
  works). A ``NOTE start: <ISO date-time>`` block gives the absolute start of the conversation;
  without it the cue times are offsets only and :attr:`Transcript.started_at` is ``None``.
- **JSON** (chat and e-mail exports): ``{"kanaal": "Live chat", "turns": [{"speaker", "text",
  "at"?}]}``.

Every error is a :class:`TranscriptError` (an :class:`~reisgenoot.errors.InputError`) whose Dutch
message names the file and the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reisgenoot.bounded import BoundedInputError, load_json
from reisgenoot.errors import InputError

SPEAKERS = ("medewerker", "inwoner", "ondernemer", "klant")
RESIDENT_SPEAKERS = frozenset({"inwoner", "ondernemer", "klant"})
MAX_TURNS = 5000
MAX_TURN_CHARS = 20_000

_LINE_RE = re.compile(r"^\s*(?P<speaker>[A-Za-zÀ-ÿ]+)\s*:\s?(?P<text>.*)$")
_TIMING_RE = re.compile(
    r"^(?P<start>(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3})\s+-->\s+(?P<end>(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3})"
)
_VOICE_RE = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<voice>[^>]+)>")
_TAG_RE = re.compile(r"</?[^>]+>")
_NOTE_START_RE = re.compile(r"^NOTE\s+start\s*:\s*(?P<at>\S+)\s*$", re.IGNORECASE)


class TranscriptError(InputError):
    """A transcript that cannot be read; ``file`` and ``line`` say where."""

    code = "transcript_fout"

    def __init__(self, detail: str, *, file: str, line: int | None = None) -> None:
        super().__init__(detail, file=file, line=line, detail=detail)
        self.file = file
        self.line = line

    def dutch(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line is not None else self.file
        return f"Het gesprek in {where} kan niet worden gelezen: {self.params['detail']}"


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn: who spoke (normalised role), what was said, when, and where in the input."""

    speaker: str
    text: str
    at: datetime | None = None
    offset: float | None = None  # seconds since the start (WebVTT cue start)
    line: int = 0

    @property
    def is_employee(self) -> bool:
        return self.speaker == "medewerker"

    @property
    def is_resident(self) -> bool:
        return self.speaker in RESIDENT_SPEAKERS


@dataclass(frozen=True, slots=True)
class Transcript:
    """A conversation: its turns in order, the channel when the input named it, the format."""

    turns: tuple[Turn, ...]
    kanaal: str | None = None
    format: str = "text"
    source: str = "invoer"
    started_at: datetime | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def resident_turns(self) -> list[tuple[int, Turn]]:
        return [(i, t) for i, t in enumerate(self.turns) if t.is_resident]

    @property
    def employee_turns(self) -> list[tuple[int, Turn]]:
        return [(i, t) for i, t in enumerate(self.turns) if t.is_employee]


def normalise_speaker(raw: str) -> str | None:
    """The role for a speaker label (first word, any case), or ``None`` when unknown."""
    first = raw.strip().split(maxsplit=1)[0].lower() if raw.strip() else ""
    return first if first in SPEAKERS else None


def _speaker_error(raw: str, source: str, line: int) -> TranscriptError:
    return TranscriptError(
        f"onbekende spreker '{raw.strip()[:40]}'; gebruik medewerker, inwoner, ondernemer of klant",
        file=source,
        line=line,
    )


def _check_size(turns: list[Turn], source: str, line: int) -> None:
    if len(turns) > MAX_TURNS:
        raise TranscriptError(f"meer dan {MAX_TURNS} beurten", file=source, line=line)


def _empty(source: str) -> TranscriptError:
    return TranscriptError("er staan geen beurten in het gesprek", file=source)


# --- plain text ---------------------------------------------------------------------------


def parse_text(text: str, *, source: str = "invoer") -> Transcript:
    """Parse ``speaker: text`` lines."""
    turns: list[Turn] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[:1] in (" ", "\t") and turns:
            last = turns[-1]
            turns[-1] = Turn(last.speaker, f"{last.text} {raw.strip()}", line=last.line)
            continue
        match = _LINE_RE.match(raw)
        if match is None:
            raise TranscriptError(
                "verwacht 'spreker: tekst', bijvoorbeeld 'inwoner: Ik heb een vraag'",
                file=source,
                line=number,
            )
        speaker = normalise_speaker(match["speaker"])
        if speaker is None:
            raise _speaker_error(match["speaker"], source, number)
        turns.append(Turn(speaker, match["text"].strip(), line=number))
        _check_size(turns, source, number)
    if not turns:
        raise _empty(source)
    return Transcript(tuple(turns), format="text", source=source)


# --- WebVTT -------------------------------------------------------------------------------


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _parse_at(value: str, source: str, line: int) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise TranscriptError(
            f"'{value[:40]}' is geen geldige ISO-datum en -tijd", file=source, line=line
        ) from exc
    if parsed.tzinfo is None:
        raise TranscriptError(
            f"'{value[:40]}' mist een tijdzone (bijvoorbeeld +01:00 of Z)", file=source, line=line
        )
    return parsed.astimezone(UTC)


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Blocks separated by empty lines, with the line number of their first line."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _cue_turn(number: int, block: list[str], source: str, start: datetime | None) -> Turn | None:
    timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
    if timing_at is None:
        raise TranscriptError("cue zonder tijden ('00:00:01.000 --> …')", file=source, line=number)
    timing = _TIMING_RE.match(block[timing_at].strip())
    line = number + timing_at
    if timing is None:
        raise TranscriptError("ongeldige cuetijden", file=source, line=line)
    payload = " ".join(part.strip() for part in block[timing_at + 1 :])
    voice = _VOICE_RE.search(payload)
    if voice is None:
        raise TranscriptError("cue zonder spreker (<v Inwoner>)", file=source, line=line + 1)
    speaker = normalise_speaker(voice["voice"])
    if speaker is None:
        raise _speaker_error(voice["voice"], source, line + 1)
    text = _TAG_RE.sub("", payload).strip()
    if not text:
        return None
    offset = _seconds(timing["start"])
    at = start + timedelta(seconds=offset) if start is not None else None
    return Turn(speaker, text, at=at, offset=offset, line=line + 1)


def parse_vtt(text: str, *, source: str = "invoer") -> Transcript:
    """Parse WebVTT with ``<v Speaker>`` voices."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise TranscriptError("een WebVTT-bestand begint met 'WEBVTT'", file=source, line=1)
    turns: list[Turn] = []
    start: datetime | None = None
    for number, block in _blocks(lines):
        head = block[0].strip()
        if number == 1 or head.startswith(("STYLE", "REGION")):
            continue
        if head.startswith("NOTE"):
            note = _NOTE_START_RE.match(head)
            if note is not None:
                start = _parse_at(note["at"], source, number)
            continue
        turn = _cue_turn(number, block, source, start)
        if turn is not None:
            turns.append(turn)
            _check_size(turns, source, number)
    if not turns:
        raise _empty(source)
    return Transcript(tuple(turns), format="vtt", source=source, started_at=start)


# --- JSON ---------------------------------------------------------------------------------


def _turn_lines(text: str) -> list[int]:
    """The line on which each element of the ``turns`` array starts (best effort)."""
    match = re.search(r'"turns"\s*:\s*\[', text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    position, lines = match.end(), []
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        lines.append(text.count("\n", 0, position) + 1)
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            break
    return lines


def _json_turn(item: Any, index: int, line: int, source: str) -> Turn:
    if not isinstance(item, dict):
        raise TranscriptError(f"beurt {index + 1} is geen object", file=source, line=line)
    raw_speaker, body = item.get("speaker"), item.get("text")
    if not isinstance(raw_speaker, str) or not isinstance(body, str):
        raise TranscriptError(
            f"beurt {index + 1} mist 'speaker' of 'text' (tekst)", file=source, line=line
        )
    speaker = normalise_speaker(raw_speaker)
    if speaker is None:
        raise _speaker_error(raw_speaker, source, line)
    if len(body) > MAX_TURN_CHARS:
        raise TranscriptError(f"beurt {index + 1} is te lang", file=source, line=line)
    at_value = item.get("at")
    if at_value is not None and not isinstance(at_value, str):
        raise TranscriptError(f"'at' van beurt {index + 1} is geen tekst", file=source, line=line)
    at = _parse_at(at_value, source, line) if at_value else None
    return Turn(speaker, body.strip(), at=at, line=line)


def parse_json(text: str, *, source: str = "invoer") -> Transcript:
    """Parse ``{"kanaal", "turns": [{"speaker", "text", "at"?}]}``."""
    try:
        data = load_json(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(
            f"geen geldige JSON ({exc.msg})", file=source, line=exc.lineno
        ) from exc
    except BoundedInputError as exc:
        raise TranscriptError(exc.detail, file=source, line=1) from exc
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        raise TranscriptError("verwacht een object met een lijst 'turns'", file=source, line=1)
    kanaal = data.get("kanaal")
    if kanaal is not None and (not isinstance(kanaal, str) or not 0 < len(kanaal) <= 50):
        raise TranscriptError(
            "'kanaal' moet een tekst van hoogstens 50 tekens zijn", file=source, line=1
        )
    lines = _turn_lines(text)
    turns = [
        _json_turn(item, i, lines[i] if i < len(lines) else 1, source)
        for i, item in enumerate(data["turns"])
    ]
    _check_size(turns, source, 1)
    if not turns:
        raise _empty(source)
    stamps = [t.at for t in turns if t.at is not None]
    return Transcript(
        tuple(turns),
        kanaal=kanaal,
        format="json",
        source=source,
        started_at=min(stamps) if stamps else None,
    )


# --- detection ----------------------------------------------------------------------------


def detect_format(text: str, name: str = "") -> str:
    """``vtt``, ``json`` or ``text``: by extension first, then by the first characters."""
    suffix = Path(name).suffix.lower()
    if suffix == ".vtt":
        return "vtt"
    if suffix == ".json":
        return "json"
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        return "json"
    return "text"


def parse(text: str, *, source: str = "invoer", format: str | None = None) -> Transcript:
    """Parse a transcript in any of the three forms."""
    kind = format or detect_format(text, source)
    if kind == "vtt":
        return parse_vtt(text, source=source)
    if kind == "json":
        return parse_json(text, source=source)
    return parse_text(text, source=source)


def read_transcript(path: str | Path) -> Transcript:
    """Read and parse a transcript file (strict UTF-8)."""
    location = Path(path)
    try:
        data = location.read_bytes()
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=str(path), detail=exc.strerror or str(exc)
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "invalid utf-8", code="geen_utf8", file=str(path), offset=exc.start
        ) from exc
    return parse(text, source=location.name)
