"""Probe the name tagger on text without capitals (issue 15, ADR 81).

    .venv/bin/python scripts/pii_lowercase_probe.py [--show 20]

In text written without capitals (speech recognisers, quick chat lines) every rare lower-case
word is a name candidate, so ordinary Dutch words ("stinkend", "smerig") may be tagged. Prints

- false names per 1,000 words in lower-cased name-free text: the turns of the writers'
  conversations (``training-data/transcripts*``) and the subtitle lines of
  ``vendor/xed-nl``; a tagged span counts as false only if none of its words is in
  the conversation's gold ``pii`` or written with a capital inside a sentence in the source
  (a name there), so real names are kept out of the count;
- recall and precision of names on the lower-cased personal-data sets (own sets, the later
  writers of ``training-data/pii-more.jsonl``, blind **dev**; never the blind test).

``--vocabulary`` picks the lower-case vocabulary of ADR 81 (``pii_tagger.lower_words``):
``shipped`` the packaged file, ``none`` none (the tagger before ADR 81), ``folds`` the file's
recipe without the probed half (the conversations and subtitle lines split in two by a hash of
their name; each half probed with the vocabulary counted without it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import make_pii_lower_words as lower  # noqa: E402

from reisgenoot.bench.language import Case, evaluate_pii  # noqa: E402
from reisgenoot.language import pii, pii_scoring, pii_tagger  # noqa: E402

PII_SETS = {
    "own": ROOT / "evaluation" / "pii" / "cases.jsonl",
    "own dev": ROOT / "evaluation" / "pii" / "dev.jsonl",
    "later writers": ROOT / "training-data" / "pii-more.jsonl",
    "blind dev": ROOT / "evaluation" / "blind" / "pii" / "dev.jsonl",
}
_WORD = re.compile(r"[^\W\d_]+")


def proper_words(text: str) -> set[str]:
    """Words (lower case) written with a capital inside a sentence: names in the source."""
    found = set()
    toks = pii_tagger.tokens(text)
    for i, tok in enumerate(toks):
        if i and toks[i - 1].text not in pii_tagger._SENTENCE_END and tok.text[:1].isupper():
            found.add(tok.text.lower())
    return found


def conversations(keep: Callable[[str], bool]) -> list[tuple[list[str], set[str]]]:
    """Per written conversation: its turns and the words to keep out (gold pii, names)."""
    gold = {
        source: {w.lower() for p in items for w in _WORD.findall(p)}
        for source, items in lower.conversation_pii().items()
    }
    found = []
    for path in lower.conversation_files():
        if keep(path.name):
            turns = lower.conversation_turns(path)
            keep_out = set(gold.get(path.name, set()))
            for turn in turns:
                keep_out |= proper_words(turn)
            found.append((turns, keep_out))
    return found


def subtitles(keep: Callable[[str], bool]) -> list[tuple[list[str], set[str]]]:
    lines = [text for _key, text in lower.subtitle_texts(keep)]
    keep_out: set[str] = set()
    for line in lines:
        keep_out |= proper_words(line)
    return [(lines, keep_out)]


def use(vocabulary: dict[str, int]) -> None:
    """Run the detector with ``vocabulary`` as the lower-case vocabulary."""
    pii_tagger.lower_words = lambda: vocabulary  # type: ignore[method-assign]
    pii_scoring.scorer.cache_clear()
    pii._detector.cache_clear()


def half(fold: int) -> Callable[[str], bool]:
    return lambda key: zlib.crc32(key.encode()) % 2 == fold


def false_names(groups: list[tuple[list[str], set[str]]], show: int) -> tuple[int, int, list[str]]:
    words = false = 0
    examples = []
    for texts, keep_out in groups:
        for text in texts:
            low = text.lower()
            if len(low) != len(text):
                continue
            words += len(_WORD.findall(low))
            for e in pii.detect(low):
                if e.type != "naam":
                    continue
                span = low[e.start : e.end]
                if any(w in keep_out for w in _WORD.findall(span)):
                    continue
                false += 1
                if len(examples) < show:
                    examples.append(f"{span!r} in {low[max(0, e.start - 40) : e.end + 30]!r}")
    return words, false, examples


def lowered_cases(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            low = r["text"].lower()
            if len(low) == len(r["text"]):
                ents = tuple((e["start"], e["end"], e["type"]) for e in r["entities"])
                cases.append(Case(str(r.get("id", "")), low, ents))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=0, help="print this many false names")
    parser.add_argument("--vocabulary", choices=("shipped", "none", "folds"), default="shipped")
    args = parser.parse_args()
    full = pii_tagger.lower_words()
    if args.vocabulary == "none":
        full = {}
    elif args.vocabulary == "folds":
        full = {w: n for w, n in lower.vocabulary().items() if n >= pii_tagger.LOWER_MIN}
    folds = (0, 1) if args.vocabulary == "folds" else (None,)
    totals: dict[str, list[int]] = {"conversations": [0, 0], "subtitles": [0, 0]}
    for fold in folds:
        probed = (lambda _key: True) if fold is None else half(fold)
        if fold is None:
            use(full)
        else:
            other = half(1 - fold)
            use(
                {
                    w: n
                    for w, n in lower.vocabulary(other, other).items()
                    if n >= pii_tagger.LOWER_MIN
                }
            )
        for label, groups in (
            ("conversations", conversations(probed)),
            ("subtitles", subtitles(probed)),
        ):
            words, false, examples = false_names(groups, args.show)
            totals[label][0] += words
            totals[label][1] += false
            for example in examples:
                print("   ", label, example)
    for label, (words, false) in totals.items():
        print(f"{label:<14} {false} false names in {words} words: {1000 * false / words:.2f}/1000")
    words = sum(t[0] for t in totals.values())
    false = sum(t[1] for t in totals.values())
    print(f"{'both':<14} {false} in {words} words: {1000 * false / words:.2f}/1000")
    use(full)
    for label, path in PII_SETS.items():
        score = evaluate_pii(lowered_cases(path)).per_type["naam"]
        print(
            f"lower-cased {label:<14} names R {score.recall:.3f} P {score.precision:.3f}"
            f" (tp {score.tp} fp {score.fp} fn {score.fn})"
        )


if __name__ == "__main__":
    main()
