"""What a resident's question asks, and in what situation: learned models, run with numpy.

Four heads, each a logistic regression trained by ``scripts/knowledge_models.py`` on the
training corpus (``training-data/``, written by writers who never saw the code):

- **intent** (``intent.jsonl``): procedure, kosten, termijn, planning, voorwaarden, documenten,
  status_eigen_zaak, kwijt_gestolen, verlengen, niet_kunnen_betalen, bezwaar, klacht, melding,
  informatie, contact (*termijn* how long something takes counted from the resident's own
  request or a deadline, *planning* when something regular happens for everyone — collection
  days, a reopening; ADR 87);
- **situation** (``intent.jsonl``): geen, boos, zorgen, crisis — the resident's own situation,
  not the words they use ("hoe herken ik oplichters" is ``geen``);
- **escalate** (``tone.jsonl``): whether a person should take over (threat, despair,
  vulnerability, a complaint about an employee, asks for a person …);
- **product** (``upl.jsonl``): which municipal UPL product the question is about.
- **gate_intent** (optional, ADR 89): the intents again, fitted on all four intent writers
  (``intent.jsonl`` and ``intent-more.jsonl``); only the person gate reads it
  (:attr:`Understanding.own_intents`), ranking and passages keep the intent head.

Features are the question's e5 vector (the one retrieval computed anyway) and its words and
word pairs (folded, see :func:`grams`). Without an e5 vector (``KB_EMBEDDER=none`` or another
embedder) the lexical variant of each head is used and there is no product head. The weights
live in ``data/understanding.npz`` with their vocabulary and classes in
``data/understanding.json``; nothing is downloaded or trained at run time. Another folder
with the same two files (retrained by :func:`reisgenoot.knowledge.understanding_train.train`)
is used when ``REISGENOOT_KB_UNDERSTANDING`` names it or :func:`use_models` is called.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.normalize import raw_words

Floats = npt.NDArray[np.float64]
HEADS = ("intent", "situation", "escalate", "product")
GATE_INTENT = "gate_intent"  # the own-case head of the person gate (ADR 89), optional
INTENTS = (
    "procedure",
    "kosten",
    "termijn",
    "planning",
    "voorwaarden",
    "documenten",
    "status_eigen_zaak",
    "kwijt_gestolen",
    "verlengen",
    "niet_kunnen_betalen",
    "bezwaar",
    "klacht",
    "melding",
    "informatie",
    "contact",
)
SITUATIONS = ("geen", "boos", "zorgen", "crisis")
FULL, LEXICAL = "full", "lexical"
MODELS_ENV = "REISGENOOT_KB_UNDERSTANDING"  # a folder with understanding.json and .npz
_CHOSEN: dict[str, str] = {}


def grams(text: str) -> set[str]:
    """The folded words of ``text`` and each pair of neighbouring words."""
    words = raw_words(text)
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


@dataclass(frozen=True, slots=True)
class Head:
    """One logistic regression: softmax over ``classes`` (a single class: a sigmoid)."""

    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (classes or 1) × features
    bias: npt.NDArray[np.float32]

    def probabilities(self, features: npt.NDArray[np.float32]) -> Floats:
        z = (self.weights @ features + self.bias).astype(np.float64)
        if len(self.classes) == 1:
            return np.array([1.0 / (1.0 + np.exp(-np.clip(z[0], -40, 40)))])
        z -= z.max()
        e = np.exp(z)
        result: Floats = e / e.sum()
        return result


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the models read in one question."""

    intents: dict[str, float]
    situations: dict[str, float]
    escalate: float
    products: Floats | None = None  # over :meth:`QueryModels.product_names`, None: no e5 vector
    # The own-case head's intent reading (ADR 89), None when no such head ships: what the
    # person gate reads; ranking and the passage keep :attr:`intents`.
    gate_intents: dict[str, float] | None = None

    @property
    def own_intents(self) -> dict[str, float]:
        """The intents the person gate reads: the own-case head's, else the intent head's."""
        return self.gate_intents if self.gate_intents is not None else self.intents

    @property
    def intent(self) -> str:
        return max(self.intents, key=lambda k: self.intents[k])

    @property
    def situation(self) -> str:
        return max(self.situations, key=lambda k: self.situations[k])

    def intent_vector(self) -> Floats:
        return np.array([self.intents.get(name, 0.0) for name in INTENTS])


class QueryModels:
    """The four heads with their vocabulary; :meth:`understand` reads one question."""

    def __init__(self, meta: dict[str, Any], arrays: dict[str, npt.NDArray[Any]]) -> None:
        self.model_id = str(meta["model_id"]) if meta.get("model_id") else None
        self.dim = int(meta.get("dim") or 0)
        self.vocabulary = {term: i for i, term in enumerate(meta["vocabulary"])}
        # Intent → SDG section → weight, fitted on annotations with these heads' readings
        # (``scripts/intent_section_fit.py``, ADR 87 addendum); empty: the fixed map.
        self.sections: dict[str, dict[str, float]] = {
            str(intent): {str(k): float(v) for k, v in weights.items()}
            for intent, weights in (meta.get("intent_sections") or {}).items()
        }
        self.heads: dict[tuple[str, str], Head] = {}
        for name, info in meta["heads"].items():
            for variant in info["variants"]:
                key = f"{name}.{variant}"
                self.heads[(name, variant)] = Head(
                    tuple(info["classes"]),
                    arrays[f"{key}.weights"].astype(np.float32),
                    arrays[f"{key}.bias"].astype(np.float32),
                )

    def product_names(self) -> tuple[str, ...]:
        head = self.heads.get(("product", FULL))
        return head.classes if head else ()

    def lexical(self, text: str) -> npt.NDArray[np.float32]:
        """Binary word and word-pair indicators of the vocabulary, scaled to unit length."""
        found = sorted({self.vocabulary[g] for g in grams(text) if g in self.vocabulary})
        vector = np.zeros(len(self.vocabulary), dtype=np.float32)
        if found:
            vector[found] = 1.0 / np.sqrt(len(found))
        return vector

    def accepts(self, model_id: str | None) -> bool:
        """Whether vectors of embedder ``model_id`` are what the heads were trained with."""
        return self.model_id is not None and model_id == self.model_id

    def usable(self, vector: npt.NDArray[np.float32] | None, model_id: str | None) -> bool:
        """Whether ``vector`` comes from the embedder the heads were trained with."""
        return vector is not None and self.accepts(model_id) and vector.shape[-1] == self.dim

    def understand(
        self,
        text: str,
        vector: npt.NDArray[np.float32] | None = None,
        model_id: str | None = None,
    ) -> Understanding:
        """The heads' reading of ``text``; ``vector`` is its e5 query embedding, if any."""
        lexical = self.lexical(text)
        variant = LEXICAL
        features = lexical
        if self.usable(vector, model_id) and ("intent", FULL) in self.heads:
            assert vector is not None
            features = np.concatenate([vector.astype(np.float32), lexical])
            variant = FULL
        intents = self._read("intent", variant, features, INTENTS)
        gate_intents = None
        if (GATE_INTENT, variant) in self.heads:
            gate_intents = self._read(GATE_INTENT, variant, features, INTENTS)
        situations = self._read("situation", variant, features, SITUATIONS)
        escalate = self._head("escalate", variant)
        products = None
        if variant == FULL and ("product", FULL) in self.heads:
            assert vector is not None
            products = self.heads[("product", FULL)].probabilities(vector.astype(np.float32))
        return Understanding(
            intents,
            situations,
            float(escalate.probabilities(features)[0]) if escalate is not None else 0.0,
            products,
            gate_intents,
        )

    def _read(
        self, name: str, variant: str, features: npt.NDArray[np.float32], neutral: Sequence[str]
    ) -> dict[str, float]:
        head = self._head(name, variant)
        if head is None:  # not trained: a neutral reading (the first class, e.g. "geen")
            if name == "situation":
                return {c: 1.0 if i == 0 else 0.0 for i, c in enumerate(neutral)}
            return {c: 1.0 / len(neutral) for c in neutral}
        return dict(zip(head.classes, head.probabilities(features).tolist(), strict=True))

    def intent_profiles(
        self, texts: Sequence[str], vectors: Iterable[npt.NDArray[np.float32] | None]
    ) -> npt.NDArray[np.float64]:
        """The intent distribution of each text (article titles), in :data:`INTENTS` order."""
        rows = []
        for text, vector in zip(texts, vectors, strict=True):
            lexical = self.lexical(text)
            full = self._head("intent", FULL)
            if vector is not None and vector.shape[-1] == self.dim and full is not None:
                head = full
                probabilities = head.probabilities(np.concatenate([vector, lexical]))
            else:
                head = self.heads[("intent", LEXICAL)]
                probabilities = head.probabilities(lexical)
            by_name = dict(zip(head.classes, probabilities.tolist(), strict=True))
            rows.append([by_name.get(name, 0.0) for name in INTENTS])
        return np.array(rows, dtype=np.float64).reshape(len(rows), len(INTENTS))

    def _head(self, name: str, variant: str) -> Head | None:
        return self.heads.get((name, variant))


def load_models(folder: Path | Traversable) -> QueryModels | None:
    """The models in ``folder`` (``understanding.json`` and ``.npz``), or None when missing."""
    try:
        meta = json.loads((folder / "understanding.json").read_text(encoding="utf-8"))
        with (folder / "understanding.npz").open("rb") as handle, np.load(handle) as stored:
            arrays = {key: stored[key] for key in stored.files}
    except FileNotFoundError:
        return None
    return QueryModels(meta, arrays)


def models_folder() -> Path | Traversable:
    """Where the models are read from: ``REISGENOOT_KB_UNDERSTANDING`` or the packaged default."""
    chosen = _CHOSEN.get("folder") or os.environ.get(MODELS_ENV)
    return Path(chosen) if chosen else resources.files("reisgenoot.knowledge") / "data"


def use_models(folder: Path | None) -> None:
    """Read the models from ``folder`` from now on (None: back to the default)."""
    _CHOSEN["folder"] = str(folder) if folder is not None else ""
    query_models.cache_clear()


@lru_cache(maxsize=1)
def query_models() -> QueryModels | None:
    """The models of :func:`models_folder`, or None when they are missing."""
    return load_models(models_folder())


def understand(
    text: str, vector: npt.NDArray[np.float32] | None = None, model_id: str | None = None
) -> Understanding:
    """The shipped models' reading of ``text`` (neutral when no models are shipped)."""
    models = query_models()
    if models is None:
        uniform = {name: 1.0 / len(INTENTS) for name in INTENTS}
        return Understanding(uniform, {"geen": 1.0, "boos": 0.0, "zorgen": 0.0, "crisis": 0.0}, 0.0)
    return models.understand(text, vector, model_id)
