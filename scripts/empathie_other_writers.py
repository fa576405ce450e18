"""κ empathie judged by each of four opleider writers, with that writer held out of every fit.

``scripts/rubric_other_writers.py`` holds a writer out of the rubric models' fit; since ADR 83
the acknowledgement model can learn from the writers' conversations too
(``scripts/train_acknowledgement.py --writers``), so here both are refitted without the writer
judged: O1, O2 (``training-data/practice``), O3 (``training-data/practice-more``), each judged
by rubric models fitted on the own set and blind dev; and blind dev ("BD"), judged by rubric
models fitted without it (the bench's "schrijver apart"). Blind test is never read.

Run from the repository root: ``.venv/bin/python scripts/empathie_other_writers.py`` (the
acknowledgement model as ``--writers`` fits it) or ``… --shipped`` (the shipped model file for
every fold, main's figures). Prints κ per criterion and wrong statements per fold, and the mean.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from train_acknowledgement import WRITER_FOLDERS, fit_acknowledgement

from reisgenoot.assist import embedding
from reisgenoot.bench.sets import blind_part
from reisgenoot.bench.training import (
    OWN,
    OWN_WEIGHT,
    evaluate,
    fit_models,
    kennisbank_texts,
    rubric_predict,
    training_rows,
)
from reisgenoot.training import acknowledgement
from reisgenoot.training.rubric import CRITERIA
from reisgenoot.training.scenario_files import load_scenarios

FOLDS = ("O1", "O2", "O3", "BD")


def _use(data: Mapping[str, Any] | None) -> None:
    """Judge with this acknowledgement model (``None``: the shipped file)."""
    acknowledgement._weights.cache_clear()
    if data is None:
        return
    model = (np.asarray(data["weights"], dtype=np.float64), float(data["bias"]))
    acknowledgement._weights = lambda: model  # type: ignore[assignment]


def _writer_folder(writer: str, into: Path) -> Path:
    target = into / writer
    target.mkdir(parents=True)
    for folder in WRITER_FOLDERS:
        for path in sorted(folder.glob(f"*-{writer}-*.json")):
            shutil.copy(path, target / path.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", action="store_true", help="the shipped model for every fold")
    args = parser.parse_args()
    embedding.CACHE_SIZE = 100_000  # every sentence is judged once per fold
    original = acknowledgement._weights
    scenarios = load_scenarios()
    texts = kennisbank_texts()
    dev = blind_part("training", "dev")
    results: dict[str, Mapping[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in FOLDS:
            acknowledgement._weights = original
            held = None if fold == "BD" else fold
            _use(None if args.shipped else fit_acknowledgement(writers=True, without=held))
            rows = training_rows(OWN, scenarios, texts, OWN_WEIGHT)
            if held is not None:
                rows += training_rows(dev, scenarios, texts, 1.0)
            models = fit_models(rows)
            judged = dev if held is None else _writer_folder(held, Path(tmp))
            results[fold] = evaluate(
                judged, scenarios, rubric_predict(texts, lambda _scenario, m=models: m)
            )
            print(fold, results[fold]["kappa"]["empathie"], flush=True)
    print("schrijver  " + "  ".join(f"{c:>11s}" for c in CRITERIA) + "  onjuist")
    for fold, result in results.items():
        row = "  ".join(f"{result['kappa'][c]:11.3f}" for c in CRITERIA)
        print(f"{fold:9s}  {row}  {result['wrong_statements']:.3f}")
    mean = "  ".join(
        f"{sum(r['kappa'][c] for r in results.values()) / len(results):11.3f}" for c in CRITERIA
    )
    wrong = sum(r["wrong_statements"] for r in results.values()) / len(results)
    print(f"{'gemiddeld':9s}  {mean}  {wrong:.3f}")


if __name__ == "__main__":
    main()
