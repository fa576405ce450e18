"""How sure the draft is of a question's UPL product: a calibrated confidence (issue 15, ADR 96).

The UPL model's probability of a question's product (:attr:`Question.confidence`) is its
probability *within* that question: it ignores whether the question is the main one at all and
is overconfident on writers the model never saw (h137: blind dev right at "hoog" .73, at
"middel" .40). The draft shows instead the probability that the product is right, read by a
small logistic model (:class:`~reisgenoot.knowledge.confidence.Logistic`) over
:data:`FEATURES`, one for the main question and one for the others (is the product one the
resident asked about):

- ``product``: the logit of the product's probability within the question;
- ``margin``: that logit minus the logit of the question's second product;
- ``share``: the logit of the chooser's probability that the question is the main one
  (:func:`reisgenoot.assist.main_question.shares`; 1 for a conversation's only question);
- ``questions``: the log of the number of questions detected.

It is fitted on conversations no UPL fit learns from (writers C4–C9 and H78, each writer held
out in turn to choose the label thresholds) by ``scripts/upl_calibration.py`` and shipped as
``assist/data/upl_calibration.json`` with the thresholds it was checked against. Without the
file the model's own probability is shown, as before. The calibration changes no product: it
only says how sure the draft is, and so when the employee is shown alternatives.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reisgenoot.assist import tables
from reisgenoot.assist.topics import Question
from reisgenoot.knowledge.confidence import Logistic

__all__ = ["DEFAULT_FILE", "FEATURES", "Calibration", "calibrated", "evidence", "packaged"]

DEFAULT_FILE = "upl_calibration.json"
FEATURES = ("product", "margin", "share", "questions")
EDGE = 1e-4  # probabilities are read within [EDGE, 1 - EDGE] before their logit


def _logit(p: float) -> float:
    p = min(max(p, EDGE), 1.0 - EDGE)
    return math.log(p / (1.0 - p))


def evidence(question: Question, count: int) -> dict[str, float]:
    """The values of :data:`FEATURES` for ``question``, one of ``count`` detected questions."""
    second = question.alternatives[0][1] if question.alternatives else 0.0
    return {
        "product": _logit(question.confidence),
        "margin": _logit(question.confidence) - _logit(second),
        "share": _logit(question.share),
        "questions": math.log(max(count, 1)),
    }


@dataclass(frozen=True, slots=True)
class Calibration:
    """Two logistic maps over :data:`FEATURES`: ``main`` (is the main question's product the
    resident's main product) and ``side`` (is another question's product one the resident
    asked about), and what they were checked against (for the model card and the ADR)."""

    main: Logistic
    side: Logistic
    checks: Mapping[str, Any]

    def confidence(self, question: Question, count: int, *, main: bool = True) -> float:
        model = self.main if main else self.side
        return round(model.probability(evidence(question, count)), 4)

    def save(self, path: Path) -> None:
        data = {"main": self.main.to_dict(), "side": self.side.to_dict(), "checks": self.checks}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        main, side = Logistic.from_data(data.get("main")), Logistic.from_data(data.get("side"))
        if main is None or side is None or {main.features, side.features} != {FEATURES}:
            raise ValueError(f"{path}: no main and side map over {FEATURES}")
        return cls(main, side, data.get("checks", {}))


def calibrated(questions: list[Question], calibration: Calibration | None = None) -> list[float]:
    """Each question's calibrated confidence, main question first (without a calibration: its
    product's own probability)."""
    calibration = calibration or packaged()
    if calibration is None:
        return [q.confidence for q in questions]
    count = len(questions)
    return [calibration.confidence(q, count, main=i == 0) for i, q in enumerate(questions)]


@cache
def packaged() -> Calibration | None:
    """The packaged calibration (read once per process), or None without the file."""
    return tables.packaged_file(DEFAULT_FILE, Calibration.load)
