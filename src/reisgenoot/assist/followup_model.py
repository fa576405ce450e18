"""The learned follow-up decision: does this conversation leave a task (interne taak)?

A two-class logistic regression over the conversation features of
:func:`reisgenoot.assist.outcome_model.conversation_features` (the phrase rules' findings and
the employee's and resident's words); numpy only at run time.

**Examples** for :func:`train` are the outcome model's examples (see
:mod:`reisgenoot.assist.outcome_model`): ``{"turns": [...], "interneTaak": true}``; the
``interneTaak`` value is whether the confirmed contact got an interne taak.

``scripts/train_outcome.py`` trains the packaged file (``followup_model.npz``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.assist.outcome_model import (
    Features,
    _packaged,
    conversation_features,
    example_turns,
    learned_file,
    usable,
)
from reisgenoot.language.linear import LinearModel, fit
from reisgenoot.learning.registry import ACTIVE

__all__ = [
    "DEFAULT_FILE",
    "LEARNER",
    "THRESHOLD",
    "Model",
    "active_model",
    "load_model",
    "task_probability",
    "train",
]

Model = LinearModel
DEFAULT_FILE = "followup_model.npz"
LEARNER = "assist.followup"  # learned versions: reisgenoot.learning (assist/outcome_learners.py)
C = 2.0
THRESHOLD = 0.4  # a task is proposed from this probability on (tuned on blind dev)
RULE_FLOOR = 0.1  # a task the phrase rules found is kept down to this probability
YES, NO = "taak", "geen"


def train(
    examples: Iterable[Mapping[str, Any]],
    *,
    c: float = C,
    weights: Sequence[float] | None = None,
    features: Features = conversation_features,
) -> Model:
    """The follow-up model learned from ``examples`` (format in the module docstring) over
    ``features`` of their turns."""
    items, weight = usable(examples, weights, lambda e: "interneTaak" in e)
    labels = [YES if e["interneTaak"] else NO for e in items]
    if len(set(labels)) < 2:
        raise ValueError("examples with and without a task are needed to train")
    rows = [features(example_turns(e), e.get("question")) for e in items]
    return fit(rows, labels, c=c, sample_weight=weight)


def load_model(path: Path | None = None) -> Model:
    """The model at ``path``, or the packaged default (read once per process)."""
    return _packaged(DEFAULT_FILE) if path is None else LinearModel.load(path)


def active_model() -> Model:
    """The active learned version (model registry), else the packaged model."""
    path = ACTIVE.artifact(LEARNER, DEFAULT_FILE)
    return load_model() if path is None else learned_file(path, path.stat().st_mtime_ns)


def task_probability(model: Model, feats: Mapping[str, float]) -> float:
    """The probability that the conversation leaves a task."""
    probabilities = model.probabilities(feats)
    return float(probabilities[model.classes.index(YES)])
