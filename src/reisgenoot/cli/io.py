"""Input and output shared by the commands: stdout carries only results, errors are Dutch.

- :func:`read_text` reads a FILE argument or ``-`` (stdin) as strict UTF-8.
- :func:`iter_jsonl` streams JSON Lines, validating UTF-8 first when the source is a file,
  so that a broken file is refused before any output is written.
- :func:`run_batch` writes exactly one output line per input line, in order; a line that
  cannot be processed yields ``{"error": <Dutch message>}``.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reisgenoot.bounded import BoundedInputError, load_json
from reisgenoot.errors import InputError, ReisgenootError

CHUNK = 1 << 16


def _display(source: str) -> str:
    return "standaardinvoer" if source == "-" else source


def open_binary(source: str) -> BinaryIO:
    """Open FILE or ``-`` for reading bytes; a missing file is an :class:`InputError`."""
    if source == "-":
        return sys.stdin.buffer
    try:
        return Path(source).open("rb")
    except OSError as exc:
        raise InputError(
            str(exc), code="bestand_onleesbaar", file=source, detail=exc.strerror or str(exc)
        ) from exc


def validate_utf8(source: str) -> None:
    """Check a whole file is UTF-8, streaming; raise with the byte offset of the first error."""
    if source == "-":
        return
    incremental = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    with open_binary(source) as handle:
        while chunk := handle.read(CHUNK):
            try:
                incremental.decode(chunk)
            except UnicodeDecodeError as exc:
                raise InputError(
                    "invalid utf-8", code="geen_utf8", file=source, offset=offset + exc.start
                ) from exc
            offset += len(chunk)
        try:
            incremental.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InputError(
                "invalid utf-8", code="geen_utf8", file=source, offset=offset + exc.start
            ) from exc


def iter_lines(source: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)`` as strict UTF-8, streaming, without loading the file."""
    validate_utf8(source)
    handle = open_binary(source)
    offset = 0
    try:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    "invalid utf-8",
                    code="geen_utf8",
                    file=f"{_display(source)}, regel {number}",
                    offset=offset + exc.start,
                ) from exc
            offset += len(raw)
            yield number, text.rstrip("\r\n")
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def read_text(source: str, *, max_bytes: int | None = None) -> str:
    """Read FILE or ``-`` whole, as strict UTF-8."""
    handle = open_binary(source)
    try:
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError("too large", detail=f"{_display(source)} is groter dan {max_bytes} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "invalid utf-8", code="geen_utf8", file=_display(source), offset=exc.start
        ) from exc


def iter_jsonl(source: str) -> Iterator[dict[str, Any] | ReisgenootError]:
    """One item per input line: the parsed object, or the error for that line.

    Empty lines are items too (an error), so output stays aligned with input.
    """
    for number, line in iter_lines(source):
        try:
            value = load_json(line)
        except BoundedInputError as exc:
            yield InputError(
                "bad json", code="geen_json", line=number, file=_display(source), detail=exc.detail
            )
            continue
        except json.JSONDecodeError as exc:
            yield InputError(
                "bad json", code="geen_json", line=number, file=_display(source), detail=exc.msg
            )
            continue
        if not isinstance(value, dict):
            yield InputError(
                "not an object",
                code="geen_json",
                line=number,
                file=_display(source),
                detail="verwacht een JSON-object",
            )
            continue
        yield value


def text_field(record: Mapping[str, Any], *keys: str) -> str:
    """The first of ``keys`` in ``record`` as a string; an InputError when none is there."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            return value
    raise InputError("missing key", detail=f'het veld "{keys[0]}" ontbreekt of is geen tekst')


EXIT_PARTIAL = 3
"""Exit code of a command that finished but left items undone (contracts §1, ADR 13)."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def run_batch(
    source: str,
    process: Callable[[dict[str, Any]], Any],
    *,
    out: Callable[[str], None] | None = None,
) -> int:
    """Write one JSON line per input line; return the number of lines with an error."""
    write = out or (lambda text: sys.stdout.write(text + "\n"))
    errors = 0
    for item in iter_jsonl(source):
        if isinstance(item, ReisgenootError):
            errors += 1
            write(dumps({"error": item.dutch()}))
            continue
        try:
            result = process(item)
        except ReisgenootError as exc:
            errors += 1
            write(dumps({"error": exc.dutch()}))
            continue
        write(dumps(result))
    return errors
