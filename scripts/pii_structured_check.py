"""Structured personal data per kind on every set we may read, and false alarms on plain text.

Prints, per set, exact-span recall and precision of the eight structured kinds (BSN, IBAN,
phone, e-mail, postcode, plate, case number, birth date) and their pooled figures:

- ``spec``: ``evaluation/pii/spec-check.jsonl``, generated from format specifications
  (``evaluation/pii/build_spec_check.py``);
- ``own``: ``evaluation/pii/cases.jsonl``, ``own-dev``: ``dev.jsonl``, ``variants``: the
  generated held-out split ``variants-heldout.jsonl``; ``blind-dev``: ``evaluation/blind/pii/dev.jsonl``
  (the blind *test* is never read here);
- ``writers``: ``training-data/pii.jsonl`` and ``pii-more.jsonl``;

and, on text without personal data, how many structured detections there are (each one a false
alarm): the paragraphs of the demo kennisbank articles and the turns of the training
conversations (``training-data/transcripts*``) that hold none of their gold personal data.

Run: ``python scripts/pii_structured_check.py [--show KIND|fp|plain]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reisgenoot.assist.transcript import read_transcript
from reisgenoot.bench.language import evaluate_pii, load_cases
from reisgenoot.bench.language_quality import STRUCTURED
from reisgenoot.language.pii import detect

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "spec": ROOT / "evaluation/pii/spec-check.jsonl",
    "own": ROOT / "evaluation/pii/cases.jsonl",
    "own-dev": ROOT / "evaluation/pii/dev.jsonl",
    "variants": ROOT / "evaluation/pii/variants-heldout.jsonl",
    "blind-dev": ROOT / "evaluation/blind/pii/dev.jsonl",
    "writers": ROOT / "training-data/pii.jsonl",
    "writers-more": ROOT / "training-data/pii-more.jsonl",
}
KENNISBANK = ROOT / "src/reisgenoot/demo/kennisbank"
CONVERSATIONS = ("transcripts", "transcripts-more", "transcripts-extra")


def plain_texts() -> list[str]:
    """Kennisbank paragraphs and conversation turns without any gold personal data."""
    texts = [
        block.strip()
        for path in sorted(KENNISBANK.glob("*.md"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]
    for folder in CONVERSATIONS:
        base = ROOT / "training-data" / folder
        for line in (base / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            values = [str(v).casefold() for v in gold.get("pii") or []]
            for turn in read_transcript(base / "transcripts" / gold["source"]).turns:
                folded = turn.text.casefold()
                if not any(v in folded for v in values):
                    texts.append(turn.text)
    return texts


def _pooled(per_type: dict[str, dict[str, float]]) -> tuple[float, float, int]:
    tp = sum(int(per_type[t]["tp"]) for t in STRUCTURED)
    fp = sum(int(per_type[t]["fp"]) for t in STRUCTURED)
    fn = sum(int(per_type[t]["fn"]) for t in STRUCTURED)
    return tp / (tp + fn) if tp + fn else 1.0, tp / (tp + fp) if tp + fp else 1.0, tp + fn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="print errors of a kind, 'fp' or 'plain'")
    args = parser.parse_args(argv)
    header = "set            " + " ".join(f"{t[:9]:>11}" for t in STRUCTURED) + "   pooled R/P"
    print(header)
    for name, path in SETS.items():
        cases = load_cases(path)
        evaluation = evaluate_pii(cases)
        per_type = evaluation.as_dict()["per_type"]
        cells = " ".join(
            f"{per_type[t]['recall']:.2f}/{per_type[t]['precision']:.2f}"
            if per_type[t]["support"] or per_type[t]["fp"]
            else f"{'—':>9}"
            for t in STRUCTURED
        )
        recall, precision, support = _pooled(per_type)
        print(f"{name:14s} {cells}   {recall:.3f}/{precision:.3f} (n={support})")
        texts = {case.id: case.text for case in cases}
        for case_id, kind, (start, end, type_) in evaluation.errors:
            if type_ in STRUCTURED and args.show in (type_, kind) and name != "blind-dev":
                text = texts[case_id]
                print(f"  {name} {kind} {type_} {text[start:end]!r} | {text[:160]!r}")
    texts = plain_texts()
    alarms = [
        (text, entity) for text in texts for entity in detect(text) if entity.type in STRUCTURED
    ]
    print(f"plain text: {len(texts)} texts, {len(alarms)} structured detections (false alarms)")
    if args.show == "plain":
        for text, entity in alarms:
            print(f"  {entity.type} {entity.text!r} | {text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
