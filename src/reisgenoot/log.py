"""The project logger: every record passes personal-data redaction before it is written.

Use :func:`get_logger` everywhere; the bare ``logging.getLogger`` is banned by ruff.

The web server's own loggers are kept free of identifiers too. A request's path and query
string can hold a BSN, an IBAN, a phone number or an e-mail address (``/kennisbank?q=…``),
and the redactor cannot be trusted with a bare number in a URL, so:

- ``reisgenoot serve`` turns uvicorn's access log off and writes the project access log
  (``reisgenoot.access``: method, route template, status and time; see
  :mod:`reisgenoot.web.access_log`) with :func:`server_log_config`;
- wherever uvicorn's loggers are used anyway (``reisgenoot demo``, a hand-started uvicorn
  after :func:`configure`), :class:`ServerRecordFilter` strips the client address, the path
  and the query string from uvicorn's access and WebSocket lines before they are written.

Redaction reads the whole message (the words around an argument are its context) but replaces
only what overlaps the arguments of the logging call: the format string is the program's own
text, never personal data. A name recogniser trained on Dutch conversations would otherwise
find names in English boilerplate ("(Press CTRL+C to quit)" in uvicorn's start line became
"([NAAM]+C to quit)"). A record without arguments (a message built beforehand) is redacted
whole.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from reisgenoot.language.pii import apply, detect, redact

_ROOT = "reisgenoot"
ACCESS_LOGGER = f"{_ROOT}.access"
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "…"  # what is left of a client address or a path in uvicorn's lines
_REDACTED = "reisgenoot_redacted"  # set on a record whose message is redacted already
# One printf-style conversion of a logging call's format string, as ``msg % args`` reads it.
_CONVERSION = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)


def _argument_spans(record: logging.LogRecord, message: str) -> list[tuple[int, int]] | None:
    """Where the arguments stand in ``message`` (the record's formatted message); None when the
    record has no arguments or its format string is not read with certainty (then the whole
    message counts as personal text)."""
    msg, args = record.msg, record.args
    if not isinstance(msg, str) or not args:
        return None
    named = isinstance(args, Mapping)
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = used = length = 0
    try:
        for match in _CONVERSION.finditer(msg):
            literal = msg[pos : match.start()]
            parts.append(literal)
            length += len(literal)
            pos = match.end()
            if match["type"] == "%" and match["key"] is None:
                parts.append("%")
                length += 1
                continue
            if "*" in match.group() or named != (match["key"] is not None):
                return None
            value = match.group() % (args if named else (args[used],))  # type: ignore[index]
            used += not named
            parts.append(value)
            spans.append((length, length + len(value)))
            length += len(value)
    except (IndexError, KeyError, TypeError, ValueError):
        return None
    parts.append(msg[pos:])
    if (not named and used != len(args)) or "".join(parts) != message:
        return None
    return spans


def redacted_message(record: logging.LogRecord) -> str:
    """The record's message with the personal data in its arguments replaced by type tags."""
    message = record.getMessage()
    if getattr(record, _REDACTED, False):
        return message
    spans = _argument_spans(record, message)
    if spans is None:
        return redact(message).text
    try:
        entities = [
            e
            for e in detect(message)
            if any(e.start < end and start < e.end for start, end in spans)
        ]
    except Exception:  # as redact: never raise, mask instead
        return redact(message).text
    return apply(message, entities)


class RedactingFilter(logging.Filter):
    """Replace the formatted message by its redacted form (type tags), once per record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, _REDACTED, False):
            record.msg = redacted_message(record)
            record.args = None
            setattr(record, _REDACTED, True)
        return True


class RedactingFormatter(logging.Formatter):
    """Format as usual, but redact tracebacks and stack text as well as the message."""

    def formatException(self, ei: Any) -> str:  # noqa: N802  (logging's name)
        return redact(super().formatException(ei)).text

    def formatStack(self, stack_info: str) -> str:  # noqa: N802  (logging's name)
        return redact(super().formatStack(stack_info)).text


class JsonFormatter(RedactingFormatter):
    """One JSON object a line (``REISGENOOT_LOG_FORMAT=json``), for a log collector.

    Fields: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message`` and, when present,
    ``exception`` and ``stack``. The message is redacted by :class:`RedactingFilter` on the
    handler; the message, exception and stack are redacted here once more, so the JSON line
    never carries what the text line would not.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redacted_message(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter(log_format: str = "text") -> logging.Formatter:
    """The formatter for ``REISGENOOT_LOG_FORMAT`` (``text`` or ``json``)."""
    return JsonFormatter() if log_format == "json" else RedactingFormatter(FORMAT)


class ServerRecordFilter(logging.Filter):
    """Strip client address, path and query string from uvicorn's per-request lines.

    uvicorn logs ``'%s - "%s %s HTTP/%s" %d'`` (client, method, path with query, version,
    status) on ``uvicorn.access`` and ``'%s - "WebSocket %s" …'`` (client, path with query)
    on ``uvicorn.error``. Both keep their shape; the address and the path become ``…``.
    Works as a logger filter and as a handler filter; other records pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or not args or not isinstance(record.msg, str):
            return True
        if record.name == "uvicorn.access" and len(args) == 5:
            record.args = (HIDDEN, args[1], HIDDEN, *args[3:])
        elif '"WebSocket %s"' in record.msg and len(args) >= 2:
            record.args = (HIDDEN, HIDDEN, *args[2:])
        return True


def get_logger(name: str) -> logging.Logger:
    """A logger below ``reisgenoot`` whose records are redacted."""
    logger = logging.getLogger(name if name.startswith(_ROOT) else f"{_ROOT}.{name}")  # noqa: TID251
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger


def _tame_server_loggers() -> None:
    """Put :class:`ServerRecordFilter` on uvicorn's loggers (kept by later ``dictConfig``)."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)  # noqa: TID251
        if not any(isinstance(f, ServerRecordFilter) for f in logger.filters):
            logger.addFilter(ServerRecordFilter())


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to ``sys.stderr`` as it is when a record comes, not as it was when the handler
    was made (as logging's own last-resort handler does). A command run in-process by a test
    runs with a borrowed stderr that is closed afterwards; a handler holding on to it wrote
    later records of the same process into a closed file ("I/O operation on closed file")."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        return


def configure(level: str = "INFO", log_format: str = "text") -> None:
    """Send project logs to stderr (stdout carries only results); tame uvicorn's loggers."""
    root = logging.getLogger(_ROOT)  # noqa: TID251
    root.setLevel(level.upper())
    if not root.handlers:
        handler = StderrHandler()
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    for each in root.handlers:
        if any(isinstance(f, RedactingFilter) for f in each.filters):
            each.setFormatter(formatter(log_format))
    _tame_server_loggers()


def server_log_config(level: str = "INFO", log_format: str = "text") -> dict[str, Any]:
    """``logging.config.dictConfig`` for uvicorn under ``reisgenoot serve``.

    Everything goes to stderr through the redacting filter and formatter; uvicorn's access
    log is silenced (the project access log replaces it) and its WebSocket lines are stripped.
    """
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "server": {"()": ServerRecordFilter},
            "redact": {"()": RedactingFilter},
        },
        "formatters": {
            "plain": {"()": RedactingFormatter, "fmt": FORMAT}
            if log_format != "json"
            else {"()": JsonFormatter}
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "plain",
                "filters": ["server", "redact"],
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            _ROOT: {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }
