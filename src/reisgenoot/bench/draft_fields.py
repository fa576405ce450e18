"""Personal data and readability of the registration draft's text fields (issue 15, ADR 56).

For each conversation of a folder (``transcripts/`` and ``gold.jsonl`` with ``pii``): whether a
personal-data string of the gold, or anything the detector finds, is in ``onderwerp``,
``inhoud`` or a ``specifiekeVraag`` (a gold string counts as a whole word: "Bos" is not in
"bosmaaier"), and whether the summary reads as an employee would write it:

- **article before a placeholder**: "op de [ADRES]", "met het [NAAM]" (the article belonged to
  the data or the placeholder stands for a word that was no name);
- **lost data**: an article with nothing after it where data was cut out ("naar de hier in");
- **repeated placeholder**: "[NAAM] [NAAM]";
- **product hidden**: a question's product name is not in the inhoud as it is;
- **too long**: more than three sentences before the agreed actions ("Afgesproken:", "Afspraak
  of termijn:"), or a sentence cut off with "…".

    python scripts/check_draft_fields.py FOLDER [FOLDER …] [--show]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import read_transcript
from reisgenoot.language.pii import detect

__all__ = ["ISSUES", "field_leaks", "measure", "readability"]

ISSUES = ("article", "lost", "repeated", "product", "sentences", "cut")
_ARTICLE = re.compile(r"(?<![\w\[])(?:de|het|een|'t)\s+\[[A-Z]+\]", re.IGNORECASE)
_LOST = re.compile(
    r"(?<![\w\[])de\s+(?:hier|daar|in|op|naar|van|en|of|met)\b(?!\s+(?:de|het|een)\b)"
    r"|(?<![\w\[])de\s*[,.;:]",
    re.IGNORECASE,
)
_REPEATED = re.compile(r"(\[[A-Z]+\])[\s,]+\1")
_ACTIONS = re.compile(r"\s(?:Afgesproken|Afspraak of termijn):")
_SENTENCE_END = re.compile(r"(?<!\bmw)(?<!\bdhr)(?<!\bmevr)[.!?…](?=\s+[A-Z\[]|$)")


def _texts(draft: dict[str, Any]) -> list[str]:
    return [draft["onderwerp"], draft["inhoud"]] + [v["specifiekeVraag"] for v in draft["vragen"]]


def field_leaks(draft: dict[str, Any], pii: Sequence[str]) -> list[str]:
    """The gold personal-data strings and detector hits in the draft's summary fields."""
    found: list[str] = []
    for text in _texts(draft):
        for value in pii:
            if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE):
                found.append(value)
        found += [f"{e.type}:{e.text}" for e in detect(text)]
    return found


def readability(draft: dict[str, Any]) -> list[str]:
    """The readability issues (:data:`ISSUES`) of the draft's summary fields."""
    issues: list[str] = []
    texts = _texts(draft)
    if any(_ARTICLE.search(t) for t in texts):
        issues.append("article")
    if any(_LOST.search(t) for t in texts):
        issues.append("lost")
    if any(_REPEATED.search(t) for t in texts):
        issues.append("repeated")
    inhoud = draft["inhoud"]
    if any(v["upl"].lower() not in inhoud.lower() for v in draft["vragen"]):
        issues.append("product")
    summary = _ACTIONS.split(inhoud)[0]
    if len(_SENTENCE_END.findall(summary)) > 3:
        issues.append("sentences")
    if "…" in summary:
        issues.append("cut")
    return issues


def measure(folder: Path, show: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Conversations with a leak and with each readability issue in ``folder``; ``show`` gets
    the fields of each conversation with one (never pass it for the blind test)."""
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line]
    leaky = 0
    issues: Counter[str] = Counter()
    for item in gold:
        draft = draft_registration(read_transcript(folder / "transcripts" / item["source"]))
        leaks = field_leaks(draft, item.get("pii", []))
        found = readability(draft)
        leaky += bool(leaks)
        issues.update(found)
        if show is not None and (leaks or found):
            show(f"== {item['source']} {leaks} {found}")
            for text in _texts(draft):
                show(f"    {text}")
    return {"conversations": len(gold), "leaky": leaky, **{k: issues[k] for k in ISSUES}}
