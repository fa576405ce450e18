"""The project logger: every record passes personal-data redaction before it is written.

Use :func:`get_logger` everywhere; the bare ``logging.getLogger`` is banned by ruff.
"""

from __future__ import annotations

import logging

from reisgenoot.language.pii import redact

_ROOT = "reisgenoot"


class RedactingFilter(logging.Filter):
    """Replace the formatted message by its redacted form (type tags)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message).text
        record.args = None
        return True


def get_logger(name: str) -> logging.Logger:
    """A logger below ``reisgenoot`` whose records are redacted."""
    logger = logging.getLogger(name if name.startswith(_ROOT) else f"{_ROOT}.{name}")  # noqa: TID251
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger


def configure(level: str = "INFO") -> None:
    """Send project logs to stderr (stdout carries only results)."""
    root = logging.getLogger(_ROOT)  # noqa: TID251
    root.setLevel(level.upper())
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
