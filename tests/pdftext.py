"""Read the text of the PDFs the app writes (shared by the teamdialoog and signals tests)."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_text(body: bytes) -> str:
    """All text shown by a PDF made with a core font (content streams inflated)."""
    parts: list[str] = []
    for raw in _STREAM.findall(body):
        try:
            parts.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            parts.append(raw.decode("latin-1"))
    return "\n".join(parts)
