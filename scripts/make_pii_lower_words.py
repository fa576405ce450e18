"""Make the lower-case vocabulary of the name tagger (``language/data/pii/lower_words.tsv``, ADR 81).

    .venv/bin/python scripts/make_pii_lower_words.py

In text written without capitals the tagger scores every rare lower-case word as a possible
name; "rare" was read from ``common_words.tsv`` (the texts the tagger was trained with), so
ordinary Dutch words those texts lack ("stinkend", "smerig") were read as names. This file
counts the words written in lower case in broader mixed-case Dutch the project keeps: the
other texts of ``training-data/`` (questions, tone, acknowledgements, UPL descriptions, the
practice and written conversations), the subtitle lines of ``vendor/xed-nl``
(CC BY 4.0) and the adjectives of the shipped subjectivity lexicon (``tone/nl-sentiment.xml``,
PDDL). A word written there in lower case (where a name has a capital) is no name candidate in
lower-case text; it changes nothing else (``common_words.tsv`` and the model stay as they are).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.language import pii_tagger  # noqa: E402

DATA = ROOT / "src" / "reisgenoot" / "language" / "data"
OUT = DATA / "pii" / pii_tagger.LOWER_FILE
TRAINING = ROOT / "training-data"
XED = ROOT / "vendor" / "xed-nl" / "nl-projections.tsv"
# Texts of training-data/ the tagger's common words are not counted from.
JSONL = {
    "erkenning.jsonl": "tekst",
    "kennisbank-questions.jsonl": "query",
    "kennisbank-questions-k4.jsonl": "query",
    "questions-extra.jsonl": "text",
    "tone-extra.jsonl": "text",
    "upl-more.jsonl": "text",
}
CONVERSATIONS = ("transcripts", "transcripts-extra", "transcripts-more")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A lexicon entry counts as this many lower-case occurrences.
LEXICON = 2

Texts = list[tuple[str, str]]


def _lines(path: Path) -> Iterable[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle if line.strip())


def training_texts() -> Texts:
    found = [
        (name, str(row[field])) for name, field in JSONL.items() for row in _lines(TRAINING / name)
    ]
    for folder in ("practice", "practice-more"):
        for path in sorted((TRAINING / folder).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            found += [(path.name, turn["tekst"]) for turn in data.get("turns", [])]
    return found


def conversation_files() -> list[Path]:
    paths: list[Path] = []
    for folder in CONVERSATIONS:
        base = TRAINING / folder
        inner = base / "transcripts"
        if inner.is_dir():
            paths += sorted(inner.iterdir())
        paths += sorted(p for p in base.iterdir() if p.suffix in (".json", ".txt"))
    return [p for p in paths if p.suffix in (".json", ".txt")]


def conversation_turns(path: Path) -> list[str]:
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [turn["text"] for turn in data.get("turns", [])]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.partition(":")[2].strip() for line in lines if ":" in line]


def conversation_pii() -> dict[str, list[str]]:
    """The gold personal data of each written conversation (its names, addresses, …)."""
    found: dict[str, list[str]] = {}
    for folder in CONVERSATIONS:
        for item in _lines(TRAINING / folder / "gold.jsonl"):
            found[str(item["source"])] = [str(p) for p in item.get("pii", []) or []]
    return found


def conversation_texts(keep: Callable[[str], bool] = lambda _key: True) -> Texts:
    """The turns of the written conversations (``keep`` picks the files by name), their gold
    personal data taken out (a name a resident typed in lower case is no common word)."""
    gold = conversation_pii()
    found: Texts = []
    for path in conversation_files():
        if keep(path.name):
            words = {w.lower() for p in gold.get(path.name, []) for w in _WORD.findall(p)}
            found += [(path.name, _masked(turn, words)) for turn in conversation_turns(path)]
    return found


def _masked(text: str, words: set[str]) -> str:
    return _WORD.sub(lambda m: "…" if m.group().lower() in words else m.group(), text)


def subtitle_texts(keep: Callable[[str], bool] = lambda _key: True) -> Texts:
    """The subtitle lines (``keep`` picks them by their line number as text)."""
    with XED.open(encoding="utf-8") as handle:
        rows = [row[0] for row in csv.reader(handle, delimiter="\t") if row]
    return [(str(i), text) for i, text in enumerate(rows) if keep(str(i))]


def lexicon_words() -> set[str]:
    text = (DATA / "tone" / "nl-sentiment.xml").read_text(encoding="utf-8")
    return {w for w in re.findall(r'form="([^"]+)"', text) if w.isalpha() and w.islower()}


def count(texts: Iterable[str], lexicon: Iterable[str] = ()) -> dict[str, int]:
    """Lower-case words of the texts that have a capital somewhere (there a name would have
    one), and each lexicon word :data:`LEXICON` times."""
    counts = dict.fromkeys(lexicon, LEXICON)
    for text in texts:
        if not any(c.isupper() for c in text):
            continue
        for tok in pii_tagger.tokens(text):
            word = tok.text  # a word, also with an apostrophe or hyphen ("z'n", "'t")
            if word.islower() and not word.isdigit() and any(c.isalpha() for c in word):
                counts[word] = counts.get(word, 0) + 1
    return counts


def vocabulary(
    conversations: Callable[[str], bool] = lambda _key: True,
    subtitles: Callable[[str], bool] = lambda _key: True,
) -> dict[str, int]:
    texts = training_texts() + conversation_texts(conversations) + subtitle_texts(subtitles)
    return count((text for _key, text in texts), lexicon_words())


def write(counts: dict[str, int], path: Path = OUT) -> None:
    lines = [
        "# Lower-case words of broader mixed-case Dutch with their counts (ADR 81); made by",
        "# scripts/make_pii_lower_words.py. Not names in lower-case text.",
    ]
    lines += [f"{w}\t{n}" for w, n in sorted(counts.items()) if n >= pii_tagger.LOWER_MIN]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pii_tagger.lower_words.cache_clear()


if __name__ == "__main__":
    write(vocabulary())
    print(f"{sum(1 for _ in OUT.open()) - 2} words -> {OUT}")
