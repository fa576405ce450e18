"""Does a trainee's sentence acknowledge what the resident feels or goes through? (e5, learned)

The rubric's phrase lists (``data/erkennen.yaml``) know "wat vervelend" and "dat begrijp ik",
but residents' feelings are acknowledged in many more ways ("dank u dat u het zegt, dat is
niet altijd makkelijk", "u heeft al genoeg aan uw hoofd"). This is a logistic regression over
the sentence vectors of the multilingual e5 model the project ships
(:mod:`reisgenoot.assist.embedding`, offline), fitted by ``scripts/train_acknowledgement.py``
on ``training-data/erkenning.jsonl`` (acknowledging and plain KCC sentences in many
situations) and the scenarios' example acknowledgements; the weights are in
``data/erkenning_model.json``, numpy only at run time.

It reads phrasing, never the trainee's emotions (contracts §10). Without vectors (e5 not
available, or ``REISGENOOT_ASSIST_EMBEDDINGS=0``) :func:`acknowledgement_chances` returns
``None`` and the rubric uses its phrase lists only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from reisgenoot.assist.embedding import turn_vectors

__all__ = ["ACKNOWLEDGES", "MODEL_FILE", "acknowledgement_chances"]

MODEL_FILE = "erkenning_model.json"
ACKNOWLEDGES = 0.5
"""From this chance on a turn counts as acknowledging."""
_SPLIT = re.compile(r"(?<=[.!?])\s+")


@cache
def _weights() -> tuple[npt.NDArray[np.float64], float] | None:
    path = resources.files("reisgenoot.training").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(data["weights"], dtype=np.float64), float(data["bias"])


def acknowledgement_chances(turns: Sequence[str]) -> list[float] | None:
    """Per turn, the highest chance that one of its sentences acknowledges the resident."""
    model = _weights()
    if model is None or not turns:
        return None if model is None else []
    weights, bias = model
    parts = [[s for s in _SPLIT.split(turn.strip()) if s] or [turn] for turn in turns]
    sentences = list(dict.fromkeys(s for part in parts for s in part))
    vectors = turn_vectors(sentences)
    if vectors is None:
        return None
    chance = {
        sentence: float(1.0 / (1.0 + np.exp(-(float(vector @ weights) + bias))))
        for sentence, vector in zip(sentences, vectors, strict=True)
    }
    return [max(chance[s] for s in part) for part in parts]
