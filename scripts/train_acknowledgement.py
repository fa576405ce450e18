"""Fit the acknowledgement model and write ``src/reisgenoot/training/data/erkenning_model.json``.

A logistic regression over the e5 sentence vectors (``reisgenoot.assist.embedding``) of the
sentences in ``training-data/erkenning.jsonl`` (``erkent`` true or false) and of every
scenario's example acknowledgement (``voorbeelden.erkennen``, true). No evaluation item is
read. The regularisation (C) is chosen by five-fold cross-validation on these sentences.

Run from the repository root: ``.venv/bin/python scripts/train_acknowledgement.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from reisgenoot.assist.embedding import embed_texts
from reisgenoot.training.acknowledgement import MODEL_FILE
from reisgenoot.training.scenario_files import load_scenarios

DATA = Path("training-data") / "erkenning.jsonl"
OUT = Path("src/reisgenoot/training/data") / MODEL_FILE
CHOICES = (1.0, 3.0, 10.0, 30.0)


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    texts = [str(row["tekst"]) for row in rows]
    labels = [bool(row["erkent"]) for row in rows]
    for scenario in load_scenarios().values():
        if scenario.voorbeelden.erkennen:
            texts.append(scenario.voorbeelden.erkennen)
            labels.append(True)
    x = np.asarray(embed_texts(texts), dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    scores = {
        c: float(cross_val_score(LogisticRegression(C=c, max_iter=2000), x, y, cv=5).mean())
        for c in CHOICES
    }
    best = max(CHOICES, key=lambda c: (round(scores[c], 3), -c))
    model = LogisticRegression(C=best, max_iter=2000).fit(x, y)
    data = {
        "_uitleg": (
            "Gefit door scripts/train_acknowledgement.py op training-data/erkenning.jsonl en de "
            "voorbeelden.erkennen van de scenario's; geen evaluatieset gebruikt."
        ),
        "zinnen": len(texts),
        "C": best,
        "kruisvalidatie": round(scores[best], 3),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(texts)} zinnen, C={best}, kruisvalidatie {scores[best]:.3f}")


if __name__ == "__main__":
    main()
