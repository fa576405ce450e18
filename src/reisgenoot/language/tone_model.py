"""The learned tone and escalation of a resident's utterance.

Two multinomial logistic regressions (:mod:`reisgenoot.language.linear`, numpy only at run
time) over the same features: the normalised words and word pairs of the utterance
(:func:`reisgenoot.language.tone_cues.normalise`) and what the cue rules of
:mod:`reisgenoot.language.tone` found (tone, escalation reasons, cue kinds). One predicts the
tone (boos, bezorgd, neutraal, positief), the other the escalation category ("geen" or a
reason such as dreiging, juridische_stap, media, klacht_medewerker, discriminatie,
kwetsbaar_veiligheid, sarcasme, beleefd_woedend, herhaald_contact, vraagt_mens).

**Examples** for :func:`train` are mappings (one JSON object per line in a ``.jsonl`` file,
the format of ``training-data/tone.jsonl``)::

    {"text": "als hij nog 1x zijn busje voor mijn uitrit zet los ik het zelf op",
     "tone": "boos", "escalate": true, "category": "dreiging"}

``category`` is ``"geen"`` when ``escalate`` is false. ``scripts/train_tone.py`` builds the
packaged file ``language/data/tone/tone_model.npz``, with the escalation threshold
(``escalate_at``) it chose on the blind dev set.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.language.linear import LinearModel, fit
from reisgenoot.language.tone_cues import normalise

__all__ = [
    "CATEGORY_REASON",
    "DEFAULT_FILE",
    "NO_ESCALATION",
    "REASON_AT",
    "ToneModel",
    "features",
    "load_model",
    "train",
    "with_model_reason",
]

DEFAULT_FILE = "tone_model.npz"
NO_ESCALATION = "geen"
C_TONE = 2.0
C_ESCALATION = 2.0
LENGTH = "n:"  # prefix of the length features (the escalation model's only; not the tone model's)
ESCALATE_AT = 0.4  # default probability of escalating from which to escalate (older files)
# The least probability of the model's own escalation category for it to be named (and so to
# escalate): chosen on training folds and blind dev by scripts/tone_reason_threshold.py (ADR 95).
REASON_AT = 0.15
# The escalation categories (training-data/tone.jsonl) as the reason codes of language.tone.
CATEGORY_REASON = {"kwetsbaar_veiligheid": "kwetsbaar", "herhaald_contact": "vastgelopen"}


def features(
    text: str,
    rule_tone: str,
    rule_reasons: Iterable[str],
    cues: Iterable[str],
    *,
    words: Sequence[str] | None = None,
) -> dict[str, float]:
    """The sparse features of an utterance and of the cue rules' result on it (``words``: its
    normalised words, when the caller has them)."""
    found = normalise(text).words if words is None else words
    words = [w for w in found if w.isalnum()]
    result: dict[str, float] = {f"w:{w}": 1.0 for w in words}
    for first, second in itertools.pairwise(words):
        result[f"b:{first}_{second}"] = 1.0
    result[f"rt:{rule_tone}"] = 1.0
    for reason in rule_reasons:
        result[f"rr:{reason}"] = 1.0
    for cue in cues:
        result[f"rc:{cue.split(':')[0]}"] = 1.0
    if text.isupper() and len(text) > 12:
        result["shout"] = 1.0
    result["excl"] = min(3.0, float(text.count("!"))) / 3
    # Length, so that the escalation model need not learn it from function words (long
    # e-mails escalate more often; without this, "mij" and "over" pushed short requests up).
    distinct = len(set(words))
    result[f"{LENGTH}len"] = min(1.0, math.log1p(distinct) / math.log1p(120))
    result[f"{LENGTH}bin:{min(5, int(math.log2(distinct + 1)))}"] = 1.0
    return result


@dataclass(frozen=True, slots=True)
class ToneModel:
    """The tone model and the escalation-category model."""

    tone: LinearModel
    escalation: LinearModel
    escalate_at: float = ESCALATE_AT  # chosen on blind dev by ``scripts/train_tone.py``

    def predict(self, feats: Mapping[str, float]) -> tuple[str, float, str, float]:
        """Tone and its probability; escalation category and the probability of escalating."""
        tones = self.tone.probabilities(feats)
        categories = self.escalation.probabilities(feats)
        none = self.escalation.classes.index(NO_ESCALATION)
        ranked = np.argsort(-categories)
        best = next(int(i) for i in ranked if int(i) != none)
        t = int(tones.argmax())
        return (
            self.tone.classes[t],
            float(tones[t]),
            self.escalation.classes[best],
            float(1.0 - categories[none]),
        )

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {**self.tone.arrays("tone_"), **self.escalation.arrays("esc_")}
        arrays["escalate_at"] = np.array([self.escalate_at], dtype=np.float32)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path | str) -> ToneModel:
        with np.load(path, allow_pickle=False) as data:
            at = float(data["escalate_at"][0]) if "escalate_at" in data else ESCALATE_AT
            return cls(
                LinearModel.from_arrays(data, "tone_"),
                LinearModel.from_arrays(data, "esc_"),
                round(at, 4),
            )


def train(
    examples: Iterable[Mapping[str, Any]],
    *,
    escalation_examples: Iterable[Mapping[str, Any]] = (),
    tone_examples: Iterable[Mapping[str, Any]] = (),
    escalate_at: float = ESCALATE_AT,
) -> ToneModel:
    """The tone model learned from ``examples`` (format in the module docstring) and from
    ``tone_examples`` (each weighing its ``weight``, 1 when it has none); the escalation model
    from ``examples`` and ``escalation_examples``; it escalates from probability
    ``escalate_at``."""
    from reisgenoot.language.tone import analyse_rules

    def usable(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return [e for e in rows if str(e.get("text", "")).strip() and e.get("tone")]

    def featurise(rows: list[Mapping[str, Any]]) -> list[dict[str, float]]:
        result = []
        for item in rows:
            rule = analyse_rules(str(item["text"]))
            result.append(features(str(item["text"]), rule.tone, rule.escalate_reasons, rule.cues))
        return result

    items = usable(examples)
    extra = usable(escalation_examples)
    tone_only = usable(tone_examples)
    rows = featurise(items)
    tone_rows = [
        {k: v for k, v in row.items() if not k.startswith(LENGTH)}
        for row in rows + featurise(tone_only)
    ]
    both = items + extra
    categories = [
        str(e.get("category") or NO_ESCALATION) if e.get("escalate") else NO_ESCALATION
        for e in both
    ]
    return ToneModel(
        fit(
            tone_rows,
            [str(e["tone"]) for e in items + tone_only],
            sample_weight=[1.0] * len(items) + [float(e.get("weight", 1.0)) for e in tone_only],
            c=C_TONE,
        ),
        fit(rows + featurise(extra), categories, c=C_ESCALATION),
        escalate_at,
    )


def with_model_reason(
    rule_reasons: list[str],
    category: str,
    p_escalate: float,
    alone: float,
    escalate_at: float,
    reason_at: float | None = None,
) -> list[str]:
    """The cue rules' escalation reasons and the learned model's.

    The model's most likely ``category`` is named when the probability of escalating reaches
    ``escalate_at`` and the category's own probability (``alone``) reaches ``reason_at``
    (:data:`REASON_AT`): escalation spread thinly over several categories names none of them
    (issue 15: a missed collection told with irritation escalated as ``kwetsbaar`` at 0.13,
    ADR 95). Next to reasons the cues found, the category must be likely on its own: a
    despairing "ik wil niet meer leven" is not also a request for a person."""
    reasons = list(rule_reasons)
    least = REASON_AT if reason_at is None else reason_at
    if p_escalate < escalate_at or alone < least:
        return reasons
    reason = CATEGORY_REASON.get(category, category)
    if reason not in reasons and (not reasons or alone >= escalate_at):
        reasons.append(reason)
    return reasons


@cache
def _packaged() -> ToneModel | None:
    resource = resources.files("reisgenoot.language").joinpath("data", "tone", DEFAULT_FILE)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return ToneModel.load(path)


def load_model(path: Path | None = None) -> ToneModel | None:
    """The model at ``path``, or the packaged default (``None`` when it is not there)."""
    return _packaged() if path is None else ToneModel.load(path)
