"""The learned UPL classifier: which municipal product a question is about.

Features of a text: its lemma unigrams and bigrams and the UPL products its words name (the
gazetteer of :mod:`reisgenoot.assist.topics`), plus its e5 sentence vector
(:mod:`reisgenoot.assist.embedding`). A multinomial logistic regression
(:mod:`reisgenoot.language.linear`) over both; without a vector it falls back to the words.
Running needs numpy only; training needs scikit-learn.

**Examples** for :func:`train` are mappings (one JSON object per line in a ``.jsonl`` file):

``{"text": "ik wil mijn container laten legen, die is kapot", "upl": "afvalcontainer"}``

- ``text``: what the resident said about this one question (a turn, several turns joined, or an
  utterance); personal data may be in it (nothing of it is stored in the model but its words'
  weights) but is better redacted first;
- ``upl``: the exact UPL product name (``reisgenoot.contacts.upl``), e.g. the product of a
  question in a confirmed registration;
- ``weight`` (optional, default 1): how much the example counts.

``scripts/train_upl.py`` builds the packaged model (``assist/data/upl_model.npz``) from
``training-data/``; a municipality retrains with its own confirmed registrations::

    model = train(examples)            # list of dicts as above
    model.save(Path("upl_model.npz"))
    load_model(Path("upl_model.npz"))  # default: the packaged file
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.assist.embedding import embed_texts
from reisgenoot.language.linear import LinearModel, fit

__all__ = [
    "DEFAULT_FILE",
    "PRIOR_FILE",
    "Model",
    "Prior",
    "frequency_prior",
    "load_model",
    "packaged_prior",
    "text_features",
    "train",
    "with_own_counts",
    "with_prior",
]

Model = LinearModel
DEFAULT_FILE = "upl_model.npz"
C = 4.0
DENSE_SCALE = 4.0
MEMBERS = 1  # regressions averaged (a bagged fit, :func:`reisgenoot.language.linear.fit`)
PRIOR = 0.0  # strength of the frequency prior (:func:`with_prior`; 0: none)
PRIOR_ALPHA = 1.0  # added to every product's count before the logarithm
PRIOR_FILE = "upl_prior.json"  # the prior the packaged model's intercept holds (ADR 75)


def text_features(text: str) -> dict[str, float]:
    """The sparse features of a text (the topic module's lemma and gazetteer features)."""
    from reisgenoot.assist.topics import features

    return features(text)


def train(
    examples: Iterable[Mapping[str, Any]],
    *,
    vectors: np.ndarray | None = None,
    embed: bool = True,
    c: float = C,
    dense_scale: float = DENSE_SCALE,
    members: int = MEMBERS,
    seed: int = 0,
    member_weights: Sequence[Sequence[float]] = (),
) -> Model:
    """A model learned from ``examples`` (format in the module docstring).

    ``vectors`` are the examples' sentence vectors when the caller has them already; with
    ``embed=False`` the model reads words only. ``members`` > 1 averages that many fits on
    reweighted examples (``seed``: their draws); ``member_weights`` (per member, one factor per
    example of ``examples``) averages fits with those weights instead
    (:func:`reisgenoot.language.linear.fit`).
    """
    given = list(examples)
    keep = [i for i, e in enumerate(given) if str(e.get("text", "")).strip() and e.get("upl")]
    items = [given[i] for i in keep]
    factors = [[float(member[i]) for i in keep] for member in member_weights]
    if len({str(e["upl"]) for e in items}) < 2:
        raise ValueError("at least two products are needed to train")
    rows = [text_features(str(e["text"])) for e in items]
    if vectors is None and embed:
        vectors = embed_texts([str(e["text"]) for e in items])
    elif vectors is not None and len(keep) < len(given):
        vectors = vectors[keep]
    weights = [float(e.get("weight", 1.0)) for e in items]
    return fit(
        rows,
        [str(e["upl"]) for e in items],
        vectors,
        sample_weight=weights,
        c=c,
        dense_scale=dense_scale,
        members=members,
        seed=seed,
        member_weights=factors,
    )


def frequency_prior(
    classes: Sequence[str], counts: Mapping[str, float], alpha: float = PRIOR_ALPHA
) -> np.ndarray:
    """Per product of ``classes``: ``log(count + alpha)``, centred on its mean, where ``counts``
    says how often each product was asked (e.g. the questions of confirmed registrations)."""
    found = np.array([float(counts.get(name, 0.0)) for name in classes], dtype=np.float64)
    prior = np.log(found + alpha)
    centred: np.ndarray = (prior - prior.mean()).astype(np.float32)
    return centred


def with_prior(
    model: Model,
    counts: Mapping[str, float],
    strength: float = PRIOR,
    alpha: float = PRIOR_ALPHA,
) -> Model:
    """``model`` with ``strength`` times the :func:`frequency_prior` of ``counts`` added to its
    intercept (ADR 75). The examples a model learns from give every product about the same
    weight, rare and common alike; the prior puts back how often each is asked, so that a plain
    question goes to the common product rather than to a rarer sibling whose examples share its
    words."""
    if not strength:
        return model
    return _shifted(model, strength * frequency_prior(model.classes, counts, alpha))


def _shifted(model: Model, shift: np.ndarray) -> Model:
    """``model`` whose run-time logits grow by ``shift`` (per class; scaled by its temperature)."""
    intercept = model.intercept + shift * model.temperature
    return dataclasses.replace(model, intercept=intercept.astype(np.float32))


@dataclasses.dataclass(frozen=True, slots=True)
class Prior:
    """The frequency prior a model's intercept holds (:func:`with_prior`): its strength, alpha
    and the counts it was made from (``PRIOR_FILE`` beside the packaged model)."""

    strength: float
    alpha: float
    counts: Mapping[str, float]

    def save(self, path: Path) -> None:
        data = {"strength": self.strength, "alpha": self.alpha, "counts": dict(self.counts)}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path) -> Prior:
        data = json.loads(path.read_text(encoding="utf-8"))
        counts = {str(name): float(n) for name, n in data["counts"].items()}
        return cls(float(data["strength"]), float(data["alpha"]), counts)


def with_own_counts(model: Model, prior: Prior | None, counts: Mapping[str, float]) -> Model:
    """``model``, whose intercept holds ``prior``, with ``counts`` added to the prior's counts.

    The prior's counts are how often the training conversations asked each product; ``counts``
    are how often a municipality's confirmed registrations did. Adding them is the Bayesian
    update of the base rates (the training conversations' counts act as pseudo-counts): a few
    confirmations of a product nobody asked in the training conversations lift it out of the
    prior's bottom, and with thousands the municipality's own base rates replace the training
    conversations'. The learner of confirmed work (:mod:`reisgenoot.assist.learners`) corrects
    the model with this prior in place, so its correction need not learn the base rates."""
    if prior is None or not prior.strength or not counts:
        return model
    summed = dict(prior.counts)
    for name, count in counts.items():
        summed[name] = summed.get(name, 0.0) + count
    # Not centred (softmax does not see a constant): the products nobody confirmed keep their
    # logits exactly, as the correction keeps them (ADR 47).
    before = np.array([prior.counts.get(name, 0.0) for name in model.classes], dtype=np.float64)
    after = np.array([summed.get(name, 0.0) for name in model.classes], dtype=np.float64)
    shift = np.log((after + prior.alpha) / (before + prior.alpha)).astype(np.float32)
    return _shifted(model, prior.strength * shift)


@cache
def packaged_prior() -> Prior | None:
    """The prior in the packaged model's intercept, or None when it has none."""
    resource = resources.files("reisgenoot.assist").joinpath("data", PRIOR_FILE)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return Prior.load(path)


@cache
def _packaged() -> Model:
    resource = resources.files("reisgenoot.assist").joinpath("data", DEFAULT_FILE)
    with resources.as_file(resource) as path:
        return LinearModel.load(path)


def load_model(path: Path | None = None) -> Model:
    """The model at ``path``, or the packaged default (read once per process)."""
    return _packaged() if path is None else LinearModel.load(path)
