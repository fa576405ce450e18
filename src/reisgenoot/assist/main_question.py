"""Which of a conversation's detected questions is the main one: a learned choice (ADR 62).

:func:`reisgenoot.assist.topics.detect_questions` finds the questions of a conversation in the
order they were raised. The main question is what the resident called about; the earlier rule
took the question with the most words (the first one counting 1.3 times, times its product's
confidence). Residents often end a call with a small side question, and the employee often
talks longest about what is acted on, so a few signals of the conversation's shape are
combined by a linear score learned from the training conversations
(``scripts/train_main_question.py``, ``training-data/transcripts``: which detected question
carries the gold main product), shipped as ``assist/data/main_question.json``:

- ``size``: the log of the earlier rule's score (words in the question's turns of 5+ words,
  the first question times 1.3, times 0.3 + its product's confidence);
- ``resident_share``: the question's share of all the resident's words;
- ``last``: 1 for the last question raised (of two or more);
- ``employee_words``: the log of 1 + the employee's words in the question's turns;
- ``start``: where the question starts, as a fraction of the conversation's turns.

Without the file the earlier rule orders the questions. Running needs numpy only; training
needs scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import tables
from reisgenoot.assist.analysed import AnalysedTurn

__all__ = [
    "DEFAULT_FILE",
    "FEATURES",
    "Chooser",
    "features",
    "order",
    "packaged",
    "shares",
    "train",
]

DEFAULT_FILE = "main_question.json"
FEATURES = ("size", "resident_share", "last", "employee_words", "start")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Chooser:
    """A linear score per question over :data:`FEATURES`; the highest is the main question."""

    weights: tuple[float, ...]

    def scores(self, rows: FloatArray) -> FloatArray:
        return np.asarray(rows @ np.asarray(self.weights, dtype=np.float64), dtype=np.float64)

    def save(self, path: Path) -> None:
        data = {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights]}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Chooser:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: other features than {FEATURES}")
        return cls(tuple(float(w) for w in data["weights"]))


def features(
    turns: Sequence[AnalysedTurn], questions: Sequence[Sequence[int]], sizes: Sequence[float]
) -> FloatArray:
    """One row of :data:`FEATURES` per question (its turn indices, the earlier rule's score)."""
    said = sum(len(t.text.split()) for t in turns if t.is_resident) or 1
    rows = []
    for position, (indices, size) in enumerate(zip(questions, sizes, strict=True)):
        resident = sum(len(turns[i].text.split()) for i in indices if turns[i].is_resident)
        employee = sum(len(turns[i].text.split()) for i in indices if not turns[i].is_resident)
        last = len(questions) > 1 and position == len(questions) - 1
        start = min(indices, default=0) / max(len(turns), 1)
        rows.append(
            [math.log(max(size, 1.0)), resident / said, float(last), math.log1p(employee), start]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(questions), len(FEATURES))


def order(
    turns: Sequence[AnalysedTurn],
    questions: Sequence[Sequence[int]],
    sizes: Sequence[float],
    chooser: Chooser | None = None,
) -> list[int]:
    """The questions' indices by learned score, main question first (equal scores: the order
    raised); without a chooser (or packaged file) by the earlier rule's score."""
    chooser = chooser or packaged()
    if chooser is None or len(questions) < 2:
        return sorted(range(len(questions)), key=lambda i: (-sizes[i], i))
    scores = chooser.scores(features(turns, questions, sizes))
    return sorted(range(len(questions)), key=lambda i: (-float(scores[i]), i))


def shares(
    turns: Sequence[AnalysedTurn],
    questions: Sequence[Sequence[int]],
    sizes: Sequence[float],
    chooser: Chooser | None = None,
) -> FloatArray | None:
    """Per question the chooser's probability that it is the main question: the softmax of its
    scores (the chooser is a conditional logit learned on pairs, so this is its own model of the
    choice); None without a chooser (or packaged file)."""
    chooser = chooser or packaged()
    if chooser is None or not questions:
        return None
    scores = chooser.scores(features(turns, questions, sizes))
    exp = np.exp(scores - scores.max())
    return np.asarray(exp / exp.sum(), dtype=np.float64)


def train(groups: Sequence[tuple[FloatArray, int]], c: float = 1.0) -> Chooser:
    """A chooser from conversations: each one's feature rows (:func:`features`) and the index
    of its main question. Learned on pairs (main minus other), a logistic regression without
    intercept, so that the main question scores above each other one."""
    from sklearn.linear_model import LogisticRegression

    pairs, labels = [], []
    for rows, main in groups:
        for other in range(len(rows)):
            if other != main:
                pairs += [rows[main] - rows[other], rows[other] - rows[main]]
                labels += [1, 0]
    if not pairs:
        raise ValueError("no conversation with two or more questions to learn from")
    learner = LogisticRegression(C=c, fit_intercept=False, max_iter=1000)
    learner.fit(np.asarray(pairs), labels)
    return Chooser(tuple(float(w) for w in learner.coef_[0]))


@cache
def packaged() -> Chooser | None:
    """The packaged chooser (read once per process), or None without the file."""
    return tables.packaged_file(DEFAULT_FILE, Chooser.load)
