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
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from reisgenoot.language.pii import redact

_ROOT = "reisgenoot"
ACCESS_LOGGER = f"{_ROOT}.access"
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "…"  # what is left of a client address or a path in uvicorn's lines


class RedactingFilter(logging.Filter):
    """Replace the formatted message by its redacted form (type tags)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message).text
        record.args = None
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
            "message": redact(record.getMessage()).text,
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


def configure(level: str = "INFO", log_format: str = "text") -> None:
    """Send project logs to stderr (stdout carries only results); tame uvicorn's loggers."""
    root = logging.getLogger(_ROOT)  # noqa: TID251
    root.setLevel(level.upper())
    if not root.handlers:
        handler = logging.StreamHandler()
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
