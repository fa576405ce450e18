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

``--folds`` is the writer-held-out protocol over every writer (ADR 73): for each writer of
``pii.jsonl`` and ``pii-more.jsonl`` a fit without that writer, with (candidate) and without
(base) the later writers' sentences, scored on the writer left out; blind dev's writers are
folds of their own (never trained on: base is the shipped recipe, candidate the recipe with
``pii-more.jsonl``). Prints each fold and the pooled exact-span figures.
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
from reisgenoot.language.pii_tagger import THRESHOLD  # noqa: E402

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


def _fold_scores(path: Path, cases: list[Case]) -> dict[str, TypeScore]:
    with weights(path):
        return evaluate_pii(cases).per_type


def _line(label: str, scores: dict[str, TypeScore]) -> str:
    both = _pooled(scores, ("naam", "adres"))
    structured = _pooled(scores, tuple(t for t in scores if t not in ("naam", "adres")))
    return (
        f"  {label:<22} names+addresses R {both.recall:.3f} P {both.precision:.3f}"
        f" (tp {both.tp} fp {both.fp} fn {both.fn}); names F1 {scores['naam'].f1:.3f};"
        f" addresses F1 {scores['adres'].f1:.3f}; structured R {structured.recall:.3f}"
    )


class _Fits:
    """Tagger fits without one writer, with or without the later writers' sentences (each fit
    once: the base without a later writer is the fit without any later writer)."""

    def __init__(
        self, folder: Path, recipe: dict[str, Any], derived: train.Recipe = train.Recipe()
    ) -> None:
        detector = pii.Detector()
        missed = [0, 0]
        self.items = {
            more: [
                (writer, *train.sentence_rows(detector, text, names, missed))
                for writer, text, names in train.labelled_items((MORE,), recipe=derive)
            ]
            for more, derive in ((False, train.Recipe()), (True, derived))
        }
        self.later = set(_writers())
        self.folder, self.recipe = folder, recipe
        self.fitted: dict[tuple[str, bool], Path] = {}

    def path(self, without: str, more: bool, share: float = 1.0) -> Path:
        if more and share < 1.0:  # the two fits' scores mixed (ADR 76)
            out = self.folder / f"without-{without or 'none'}-blend-{share}.npz"
            if not out.exists():
                first = linear.LinearModel.load(self.path(without, False))
                second = linear.LinearModel.load(self.path(without, True))
                train.blend(first, second, share).save(out)
            return out
        key = ("" if not more and without in self.later else without, more)
        if key not in self.fitted:
            rows: list[dict[str, float]] = []
            labels: list[str] = []
            for writer, more_rows, more_labels in self.items[more]:
                if (not writer or writer != key[0]) and (more or writer not in self.later):
                    rows += more_rows
                    labels += more_labels
            out = self.folder / f"without-{key[0] or 'none'}-{int(more)}.npz"
            linear.fit(rows, labels, max_iter=1000, **self.recipe).save(out)
            self.fitted[key] = out
        return self.fitted[key]


def _fold_tests() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Each held-out writer's sentences and the writer to leave out of training ("" for blind
    dev's writers, never trained on)."""
    tests: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for path in (train.DATA, MORE):
        for row in _rows(path):
            tests.setdefault(row["writer"], (row["writer"], []))[1].append(row)
    for row in _rows(SETS["blind dev"]):
        tests.setdefault("blind " + row["writer"], ("", []))[1].append(row)
    return tests


def folds(
    folder: Path,
    recipe: dict[str, Any],
    thresholds: list[float],
    derived: train.Recipe = train.Recipe(),
    blends: tuple[float, ...] = (),
) -> None:
    """The writer-held-out protocol (see the module text): each fold, then all folds pooled,
    for each name threshold (the tagger's P(O) below which a token is part of a name); the
    candidate's fits also take the sentences ``derived`` makes (ADR 76)."""
    fits = _Fits(folder, recipe, derived)
    shipped = pii_scoring.find_naam.__defaults__
    for threshold in thresholds:
        pii_scoring.find_naam.__defaults__ = (threshold,)
        sides = [("base", False, 1.0), ("candidate", True, 1.0)]
        sides += [(f"blend {share}", True, share) for share in blends]
        pooled: dict[str, dict[str, TypeScore]] = {side: {} for side, _more, _share in sides}
        for name, (without, rows) in sorted(_fold_tests().items()):
            print(f"== threshold {threshold}, held out: {name} ({len(rows)} sentences)")
            for side, more, share in sides:
                scores = _fold_scores(fits.path(without, more, share), _cases(rows))
                print(_line(side, scores))
                for kind, score in scores.items():
                    total = pooled[side].setdefault(kind, TypeScore())
                    total.tp += score.tp
                    total.fp += score.fp
                    total.fn += score.fn
        print(f"== threshold {threshold}, pooled over the folds")
        for side, scores in pooled.items():
            print(_line(side, scores))
    pii_scoring.find_naam.__defaults__ = shipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=Path, action="append", default=[])
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--folds", action="store_true")
    parser.add_argument("--c", type=float, default=0.5)
    parser.add_argument("--threshold", type=float, action="append", default=[], help="with --folds")
    parser.add_argument("--openings", type=float, default=0.0, help="candidate, ADR 76")
    parser.add_argument("--markup", type=int, default=0, help="candidate, ADR 76")
    parser.add_argument("--words", type=float, default=0.0, help="candidate, ADR 76")
    parser.add_argument(
        "--blend", type=float, action="append", default=[], help="candidate's share, ADR 76"
    )
    args = parser.parse_args()
    if args.folds:
        with tempfile.TemporaryDirectory() as tmp:
            derived = train.Recipe(args.openings, args.markup, args.words)
            fit = {"c": args.c, "min_count": 2}
            folds(Path(tmp), fit, args.threshold or [THRESHOLD], derived, tuple(args.blend))
        return
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
