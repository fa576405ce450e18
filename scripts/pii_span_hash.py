"""One hash per corpus of the spans the personal-data detector finds: proof that a speed change
(or another engine for the same rules) gives the same spans.

    .venv/bin/python scripts/pii_span_hash.py              # the installed package
    PYTHONPATH=OTHER/src .venv/bin/python scripts/pii_span_hash.py   # another version

Run it for ``main`` and for the change and compare the lines (``diff``). Per corpus it hashes,
text by text, the entities of the full detector (with the learned name tagger; every third text
with a municipality's own case patterns) and the spans of the rules alone. Corpora: the own
pii sets and the generated held-out variants, blind **dev** (the pii dev set and the dev
transcripts, whole and turn by turn or line by line; never the blind test) and the pii files of
``training-data/``. Only hashes are printed, no text.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from reisgenoot.language import pii

ROOT = Path(__file__).resolve().parents[1]
JSONL = (
    "evaluation/pii/cases.jsonl",
    "evaluation/pii/dev.jsonl",
    "evaluation/pii/variants-heldout.jsonl",
    "evaluation/blind/pii/dev.jsonl",
    "training-data/pii.jsonl",
    "training-data/pii-more.jsonl",
    "training-data/pii_templates.jsonl",
    "training-data/pii_variants.jsonl",
)
TRANSCRIPTS = "evaluation/blind/transcripts/dev/transcripts"
OWN_PATTERNS = (r"\bGEM-\d{4}-\d{3,6}\b", r"\b[A-Z]{2}\d{6}\b")


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [str(json.loads(line)["text"]) for line in handle if line.strip()]


def _transcripts(folder: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.iterdir()):
        raw = path.read_text(encoding="utf-8")
        texts.append(raw)
        if path.suffix == ".json":
            texts += [str(turn["text"]) for turn in json.loads(raw)["turns"]]
        else:
            texts += [line for line in raw.splitlines() if line.strip()]
    return texts


def span_hash(texts: list[str]) -> str:
    own = pii.Detector(zaak_patterns=OWN_PATTERNS)
    digest = hashlib.sha256()
    for i, text in enumerate(texts):
        entities = own.detect(text) if i % 3 == 2 else pii.detect(text)
        digest.update(repr([(e.start, e.end, e.type) for e in entities]).encode())
        digest.update(repr(pii.rule_spans(text)).encode())
    return digest.hexdigest()[:16]


def main() -> None:
    corpora = {name: _texts(ROOT / name) for name in JSONL}
    corpora[TRANSCRIPTS] = _transcripts(ROOT / TRANSCRIPTS)
    total = hashlib.sha256()
    for name, texts in corpora.items():
        found = span_hash(texts)
        total.update(found.encode())
        sys.stdout.write(f"{name:48s} {len(texts):6d} {found}\n")
    sys.stdout.write(f"{'all':48s} {sum(map(len, corpora.values())):6d} {total.hexdigest()[:16]}\n")


if __name__ == "__main__":
    main()
