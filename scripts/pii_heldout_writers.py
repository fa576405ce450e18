"""Measure name-tagger weights on the personal-data sets, and the writers held out of training.

    .venv/bin/python scripts/pii_heldout_writers.py [--weights FILE ...] [--heldout]

For each weights file (default: the packaged one) prints the exact-span figures of the full
detector on the own sets (``evaluation/pii/cases.jsonl``, ``dev.jsonl``), the generated held-out
variants, blind **dev** (never the blind test) and each later writer of
``training-data/pii-more.jsonl``, plus the number of name-free questions (the shipped
Rijksoverheid Q&A and the own kennisbank queries) in which a name or address is found.

``--heldout`` also trains the tagger twice without ``pii-more.jsonl`` but with one of its
writers (same recipe as ``scripts/train_pii_tagger.py``) and scores it on the other writer,
beside the tagger trained without any of them: a check on sentences of a hand the tagger
never saw.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_pii_tagger as train  # noqa: E402

from reisgenoot.bench.language import Case, TypeScore, evaluate_pii  # noqa: E402
from reisgenoot.language import linear, pii, pii_scoring, pii_tagger  # noqa: E402

MORE = ROOT / "training-data" / "pii-more.jsonl"
SETS = {
    "own": ROOT / "evaluation" / "pii" / "cases.jsonl",
    "own dev": ROOT / "evaluation" / "pii" / "dev.jsonl",
    "variants held-out": ROOT / "evaluation" / "pii" / "variants-heldout.jsonl",
    "blind dev": ROOT / "evaluation" / "blind" / "pii" / "dev.jsonl",
}


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _cases(rows: list[dict[str, Any]]) -> list[Case]:
    return [
        Case(
            str(r["id"]), r["text"], tuple((e["start"], e["end"], e["type"]) for e in r["entities"])
        )
        for r in rows
    ]


def _writers() -> dict[str, list[dict[str, Any]]]:
    writers: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(MORE):
        writers.setdefault(row["writer"], []).append(row)
    return writers


def _name_free() -> list[str]:
    texts = []
    for path in sorted(
        (ROOT / "src" / "reisgenoot" / "demo" / "data").glob("rijksoverheid_vacs_*.csv")
    ):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["question"] for row in csv.DictReader(handle)]
    for name in ("dev.jsonl", "test.jsonl"):
        texts += [r["query"] for r in _rows(ROOT / "evaluation" / "knowledge" / name)]
    return texts


@contextmanager
def weights(path: Path | None) -> Iterator[None]:
    """The detector with the tagger weights of ``path`` (``None``: the packaged file)."""

    class Fixed:
        @staticmethod
        def load(_file: Path) -> linear.LinearModel:
            return linear.LinearModel.load(path)

    def reset() -> None:
        pii_tagger.model.cache_clear()
        pii_scoring.scorer.cache_clear()
        pii._detector.cache_clear()

    reset()
    original = pii_tagger.LinearModel
    if path is not None:
        pii_tagger.LinearModel = Fixed  # type: ignore[misc,assignment]
        pii_tagger.model()
        pii_tagger.LinearModel = original  # type: ignore[misc]
    try:
        yield
    finally:
        reset()


def _pooled(scores: dict[str, TypeScore], types: tuple[str, ...]) -> TypeScore:
    pooled = TypeScore()
    for name in types:
        pooled.tp += scores[name].tp
        pooled.fp += scores[name].fp
        pooled.fn += scores[name].fn
    return pooled


def figures(cases: list[Case]) -> str:
    scores = evaluate_pii(cases).per_type
    both = _pooled(scores, ("naam", "adres"))
    return (
        f"names+addresses R {both.recall:.3f} P {both.precision:.3f} F1 {both.f1:.3f}"
        f" (tp {both.tp} fp {both.fp} fn {both.fn}); names F1 {scores['naam'].f1:.3f};"
        f" addresses F1 {scores['adres'].f1:.3f}"
    )


def report(label: str, path: Path | None, sets: dict[str, list[Case]]) -> None:
    with weights(path):
        print(f"== {label}")
        for name, cases in sets.items():
            print(f"  {name:<18} {figures(cases)}")
        free = sum(
            any(e.type in ("naam", "adres") for e in pii.detect(text)) for text in _name_free()
        )
        print(f"  name-free questions with a name or address: {free} of {len(_name_free())}")


def _train(extra: tuple[Path, ...], out: Path) -> Path:
    rows, labels = train.rows_and_labels(extra)
    model = linear.fit(rows, labels, c=0.5, min_count=2, max_iter=1000)
    model.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=Path, action="append", default=[])
    parser.add_argument("--heldout", action="store_true")
    args = parser.parse_args()
    writers = _writers()
    sets = {name: _cases(_rows(path)) for name, path in SETS.items()}
    sets |= {writer: _cases(rows) for writer, rows in sorted(writers.items())}
    for path in args.weights or [None]:
        report(str(path or "packaged"), path, sets)
    if not args.heldout:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = _train((), folder / "none.npz")
        for held in sorted(writers):
            seen = folder / "seen.jsonl"
            seen.write_text(
                "".join(
                    json.dumps(r, ensure_ascii=False) + "\n"
                    for w, rows in writers.items()
                    if w != held
                    for r in rows
                ),
                encoding="utf-8",
            )
            trained = _train((seen,), folder / f"without-{held}.npz")
            test = {held: _cases(writers[held]), "blind dev": sets["blind dev"]}
            report(f"without pii-more, tested on {held}", base, test)
            report(f"with the other writer, tested on {held}", trained, test)


if __name__ == "__main__":
    main()
