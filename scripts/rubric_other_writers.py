"""The rubric judged against each other opleider writer, with that writer held out of the fit.

``reisgenoot bench training`` measures against the blind writer only (own set, blind dev with its
writer held out and cross-validated, blind test). The judged practice conversations of the
other writers (``training-data/practice`` O1, O2; ``training-data/practice-more`` O3) give more
views that no fit has seen: for each writer, the models are fitted as
``scripts/train_rubric_model.py`` fits them (own set, blind dev, and for the criteria of
``PRACTICE_CRITERIA`` the practice folder) but without that writer's conversations, and the
writer's conversations are judged with them. The O3 folder is not fitted on (as shipped); its
writer is measured only. Blind test is never read.

Run from the repository root, with the code to measure (``PYTHONPATH=src`` for a changed
checkout): ``.venv/bin/python scripts/rubric_other_writers.py``. Prints κ per criterion and the
share of wrong statements per writer, and their mean.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from reisgenoot.bench.sets import blind_part
from reisgenoot.bench.training import (
    OWN,
    OWN_WEIGHT,
    PRACTICE,
    PRACTICE_WEIGHT,
    evaluate,
    fit_models,
    kennisbank_texts,
    rubric_predict,
    training_rows,
)
from reisgenoot.training.rubric import CRITERIA
from reisgenoot.training.scenario_files import load_scenarios

MORE = Path("training-data") / "practice-more"
WRITERS = {"O1": PRACTICE, "O2": PRACTICE, "O3": MORE}


def _writer_folder(folder: Path, writer: str, into: Path) -> Path:
    """A folder with only ``writer``'s conversations of ``folder`` (named ``*-<writer>-NN``)."""
    target = into / writer
    target.mkdir(parents=True)
    for path in sorted(folder.glob(f"*-{writer}-*.json")):
        shutil.copy(path, target / path.name)
    return target


def main() -> None:
    scenarios = load_scenarios()
    texts = kennisbank_texts()
    fixed = [
        *training_rows(OWN, scenarios, texts, OWN_WEIGHT),
        *training_rows(blind_part("training", "dev"), scenarios, texts, 1.0),
    ]
    results: dict[str, Mapping[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for writer, folder in WRITERS.items():
            others = [
                other for other, place in WRITERS.items() if place == PRACTICE and other != writer
            ]
            practice = [
                replace(row, practice=True)
                for other in others
                for row in training_rows(
                    _writer_folder(PRACTICE, other, Path(tmp) / f"fit-{writer}"),
                    scenarios,
                    texts,
                    PRACTICE_WEIGHT,
                )
            ]
            models = fit_models([*fixed, *practice])
            judged = _writer_folder(folder, writer, Path(tmp) / "judged")
            results[writer] = evaluate(
                judged, scenarios, rubric_predict(texts, lambda _scenario, m=models: m)
            )
    print("schrijver  " + "  ".join(f"{c:>11s}" for c in CRITERIA) + "  onjuist")
    for writer, result in results.items():
        kappa = result["kappa"]
        row = "  ".join(f"{kappa[c]:11.3f}" for c in CRITERIA)
        print(f"{writer:9s}  {row}  {result['wrong_statements']:.3f}")
    mean = "  ".join(
        f"{sum(r['kappa'][c] for r in results.values()) / len(results):11.3f}" for c in CRITERIA
    )
    print(f"{'gemiddeld':9s}  {mean}")


if __name__ == "__main__":
    main()
