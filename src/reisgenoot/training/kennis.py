"""The kennisartikelen that hold the right answers for the training.

Training reads the Markdown articles directly (no database in this slice): by default the
demo kennisbank shipped in the package, or any folder of articles in the same format. The
folder is found by path, so this module does not import the demo package (layer rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from reisgenoot.knowledge.formats import ArticleData, read_markdown
from reisgenoot.knowledge.models import SECTIONS

__all__ = ["KennisArticle", "article_folder", "load_articles", "reference_text"]

_HEADINGS = {attribute: heading for _sdg, attribute, heading in SECTIONS}


@dataclass(frozen=True, slots=True)
class KennisArticle:
    """An article as training needs it: id, title and its sections by Dutch heading."""

    id: str
    title: str
    sections: dict[str, str]

    @classmethod
    def from_data(cls, data: ArticleData) -> KennisArticle:
        ordered = {
            _HEADINGS[attribute]: data.sections[attribute]
            for _sdg, attribute, _heading in SECTIONS
            if data.sections.get(attribute)
        }
        return cls(data.source_id, data.title, ordered)

    def text(self, *, include_desk_memo: bool = True) -> str:
        """All section texts; the desk memo (for staff only) when asked."""
        return "\n".join(
            body
            for heading, body in self.sections.items()
            if include_desk_memo or heading != "Voor medewerkers"
        )


def article_folder() -> Path:
    """The demo kennisbank shipped with Reisgenoot (Gemeente Voorbeeldstad)."""
    return Path(str(resources.files("reisgenoot"))) / "demo" / "kennisbank"


@cache
def _load(folder: str) -> dict[str, KennisArticle]:
    found: dict[str, KennisArticle] = {}
    for path in sorted(Path(folder).glob("*.md")):
        data = path.read_bytes()
        if not data.startswith(b"---"):
            continue  # README and other notes
        for item in read_markdown(path, data):
            found[item.source_id] = KennisArticle.from_data(item)
    return found


def load_articles(folder: Path | None = None) -> dict[str, KennisArticle]:
    """Articles by id from ``folder`` (default: the demo kennisbank)."""
    return dict(_load(str(folder or article_folder())))


def reference_text(article_ids: Iterable[str], folder: Path | None = None) -> list[str]:
    """The full texts of the given articles (missing ids are skipped)."""
    articles = load_articles(folder)
    return [articles[item].text() for item in article_ids if item in articles]
