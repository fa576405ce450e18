"""Safe rendering of article text: simple Markdown to escaped HTML, and sanitised imports.

Article sections are plain text with paragraphs and ``-`` lists. Every character is
escaped first, so no markup from an article can reach a page; HTML that came with an
import (Rijksoverheid) passes :func:`clean_html` (nh3) again right before it is shown.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup, escape

_BULLETS = ("- ", "* ", "• ")
# Images would load from elsewhere (blocked by the CSP anyway) or track readers: leave them out.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"img"}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _is_item(line: str) -> bool:
    return line.lstrip().startswith(_BULLETS)


def _item_text(line: str) -> str:
    return line.lstrip()[2:].strip()


def _blocks(text: str) -> list[list[str]]:
    """Split into blocks of consecutive lines that are all list items or all prose."""
    blocks: list[list[str]] = []
    previous: bool | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            previous = None
            continue
        item = _is_item(line)
        if previous is None or item != previous:
            blocks.append([])
        blocks[-1].append(line)
        previous = item
    return blocks


def render_text(text: str) -> Markup:
    """Paragraphs and ``-`` lists as HTML; everything else is escaped text."""
    parts: list[str] = []
    for block in _blocks(text):
        if _is_item(block[0]):
            items = "".join(f"<li>{escape(_item_text(line))}</li>" for line in block)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(' '.join(block))}</p>")
    return Markup("\n".join(parts))  # noqa: S704 - built from escaped parts only


def clean_html(html: str) -> Markup:
    """Sanitise HTML from an import (no scripts, styles, event handlers or unsafe URLs)."""
    cleaned: str = nh3.clean(html, tags=set(ALLOWED_TAGS), url_schemes=set(URL_SCHEMES))
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3
