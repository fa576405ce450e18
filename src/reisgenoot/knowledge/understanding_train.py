"""Training the question models of :mod:`reisgenoot.knowledge.understanding`.

``train(examples)`` fits the four heads (intent, situation, escalate, product) as logistic
regressions over the e5 query vector and the question's words and word pairs; each text head
also gets a lexical variant for installations without e5. :meth:`Trained.save` writes
``understanding.json`` and ``understanding.npz`` into a folder, which
:func:`reisgenoot.knowledge.understanding.load_models` reads (the packaged default is
``knowledge/data``; ``REISGENOOT_KB_UNDERSTANDING`` or :func:`~reisgenoot.knowledge.
understanding.use_models` point at another folder). scikit-learn is needed here only (the
``bench`` extra); the package runs the result with numpy. ``scripts/knowledge_models.py
--heads`` runs this on ``training-data/`` (intent.jsonl, tone.jsonl, upl.jsonl; with
``--extra-questions`` also questions-extra.jsonl, the variant tried in ADR 46).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.understanding import FULL, GATE_INTENT, LEXICAL, QueryModels, grams

MIN_COUNT = 2
# Regularisation chosen by 5-fold cross-validation on the training corpus (intent accuracy
# 0.867, situation 0.850 with e5 + words; words alone 0.814 / 0.839).
C_TEXT = 16.0
C_ESCALATE = 8.0
C_PRODUCT = 64.0
Array = npt.NDArray[Any]


@dataclass(slots=True)
class Examples:
    """Labelled resident utterances, in the shape of the ``training-data/`` files.

    ``intent``: ``{"text", "intent", "situatie"}``; ``tone``: ``{"text", "tone", "escalate",
    "category"}``; ``upl``: ``{"text", "upl"}``; ``extra`` (``questions-extra.jsonl``): questions
    with all of ``{"text", "intent", "situatie", "escalate", "upl"}`` (``upl`` may be empty) —
    they train the intent, situation and escalate heads (not the product head, see ADR 46).
    """

    intent: list[dict[str, Any]]
    tone: list[dict[str, Any]] = field(default_factory=list)
    upl: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_folder(cls, folder: Path, *, extra: bool = False, planning: bool = False) -> Examples:
        """The files of ``folder``; ``extra``: also ``questions-extra.jsonl`` (not shipped, ADR 46).

        ``planning``: the label set of ADR 87 (measured, not shipped) — the schedules of
        ``intent.jsonl`` as ``planning`` and the writers of ``intent-more.jsonl``; without it
        ``intent.jsonl`` reads as the shipped heads were trained (a relabelled row's ``was``).
        """

        def load(name: str) -> list[dict[str, Any]]:
            path = folder / f"{name}.jsonl"
            if not path.exists():
                return []
            with path.open(encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]

        more = load("questions-extra") if extra else []
        if planning:
            intent = load("intent") + load("intent-more")
        else:
            intent = [row | {"intent": row.get("was", row["intent"])} for row in load("intent")]
        return cls(intent, load("tone"), load("upl"), more)


@dataclass(slots=True)
class Trained:
    """Fitted heads: the JSON description and the weight arrays."""

    meta: dict[str, Any]
    arrays: dict[str, Array]

    def models(self) -> QueryModels:
        return QueryModels(self.meta, self.arrays)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.meta, ensure_ascii=False, indent=0) + "\n"
        (folder / "understanding.json").write_text(text, encoding="utf-8")
        with (folder / "understanding.npz").open("wb") as handle:
            np.savez_compressed(handle, **self.arrays)  # type: ignore[arg-type]


def vocabulary(texts: Sequence[str]) -> list[str]:
    counts = Counter(g for text in texts for g in grams(text))
    return sorted(g for g, n in counts.items() if n >= MIN_COUNT)


def lexical_matrix(texts: Sequence[str], terms: Sequence[str]) -> Array:
    index = {t: i for i, t in enumerate(terms)}
    matrix = np.zeros((len(texts), len(terms)), dtype=np.float32)
    for row, text in enumerate(texts):
        found = sorted({index[g] for g in grams(text) if g in index})
        if found:
            matrix[row, found] = 1.0 / np.sqrt(len(found))
    return matrix


def tone_situation(row: dict[str, Any]) -> str:
    """A ``tone.jsonl`` utterance as a situation: vulnerability that escalates is a crisis."""
    if row.get("escalate") and row.get("category") == "kwetsbaar_veiligheid":
        return "crisis"
    return {"boos": "boos", "bezorgd": "zorgen"}.get(str(row.get("tone")), "geen")


def _embedded(embedder: Embedder, texts: Sequence[str], dim: int) -> Array:
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return embedder.embed_queries(list(texts))


def _fit(x: Array, y: Sequence[str], c: float) -> tuple[list[str], Array, Array]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(x, list(y))
    return [str(k) for k in model.classes_], model.coef_, model.intercept_


def _fit_head(
    arrays: dict[str, Array], key: str, sigmoid: bool, x: Array, labels: Sequence[str], c: float
) -> list[str]:
    """Fit one head into ``arrays`` (``key.weights``, ``key.bias``); its classes."""
    classes, weights, bias = _fit(x, labels, c)
    if sigmoid:  # one sigmoid: the probability of "ja" (scikit-learn's row is the last class)
        if classes[-1] != "ja":
            weights, bias = -weights, -bias
        classes = ["ja"]
    elif len(classes) == 2:  # scikit-learn's one row → a softmax over two rows
        weights, bias = np.vstack([-weights / 2, weights / 2]), np.r_[-bias / 2, bias / 2]
    arrays[f"{key}.weights"] = weights.astype(np.float16)
    arrays[f"{key}.bias"] = bias.astype(np.float32)
    return classes


def fit_product(
    arrays: dict[str, Array], rows: Sequence[dict[str, Any]], embedder: Embedder
) -> dict[str, Any]:
    """The product head (e5 only) on ``rows`` (``{"text", "upl"}``) into ``arrays``; its meta."""
    vectors = embedder.embed_queries([r["text"] for r in rows])
    labels = [r["upl"] for r in rows]
    classes = _fit_head(arrays, "product.full", False, vectors, labels, C_PRODUCT)
    return {"classes": classes, "variants": ["full"], "source": "upl"}


def train(examples: Examples, embedder: Embedder | None = None) -> Trained:
    """Fit the heads on ``examples``; without ``embedder`` only the lexical variants."""
    questions = [*examples.intent, *examples.extra]  # the extra questions count once per head
    texts = {
        "intent": [r["text"] for r in questions],
        "tone_corpus": [r["text"] for r in examples.tone],
        "extra": [r["text"] for r in examples.extra],
    }
    terms = vocabulary(texts["intent"] + texts["tone_corpus"])
    lexical = {name: lexical_matrix(t, terms) for name, t in texts.items()}
    vectors: dict[str, Array] = {}
    if embedder is not None:
        vectors["intent"] = embedder.embed_queries(texts["intent"])
        dim = int(vectors["intent"].shape[1])
        vectors["tone_corpus"] = _embedded(embedder, texts["tone_corpus"], dim)
        vectors["extra"] = _embedded(embedder, texts["extra"], dim)
    for features in [lexical, vectors] if embedder is not None else [lexical]:
        features["both"] = np.vstack([features["intent"], features["tone_corpus"]])
        features["tone"] = np.vstack([features["tone_corpus"], features["extra"]])
    plans = {
        "intent": ("intent", [r["intent"] for r in questions], C_TEXT),
        # The situation head also learns from the tone corpus (boos → boos, bezorgd → zorgen,
        # vulnerability that escalates → crisis, the rest geen).
        "situation": (
            "both",
            [r["situatie"] for r in questions] + [tone_situation(r) for r in examples.tone],
            C_TEXT,
        ),
        # Escalate: the tone corpus and the extra questions (a missed collection reported is
        # not a reason for a person; the same report in anger after three misses is).
        "escalate": (
            "tone",
            ["ja" if r["escalate"] else "nee" for r in [*examples.tone, *examples.extra]],
            C_ESCALATE,
        ),
    }
    arrays: dict[str, Array] = {}
    heads: dict[str, Any] = {}
    for head, (source, labels, c) in plans.items():
        if len(set(labels)) < 2:
            continue
        variants = {"lexical": lexical[source]}
        if embedder is not None:
            variants["full"] = np.hstack([vectors[source], lexical[source]])
        classes: list[str] = []
        for variant, x in variants.items():
            classes = _fit_head(arrays, f"{head}.{variant}", head == "escalate", x, labels, c)
        heads[head] = {"classes": classes, "variants": sorted(variants), "source": source}
    dim = int(vectors["intent"].shape[1]) if embedder is not None else 0
    if embedder is not None and examples.upl:
        # upl.jsonl only: the product head also trained on the extra questions' products read
        # "hoeveel kost een paspoort" as paspoort, but cross-validated worse (ADR 46).
        heads["product"] = fit_product(arrays, examples.upl, embedder)
    meta = {
        "about": "Question understanding of the kennisbank; trained by "
        "reisgenoot.knowledge.understanding_train.train (scripts/knowledge_models.py) on "
        "training-data/ (intent.jsonl, tone.jsonl, upl.jsonl; EUPL-1.2).",
        "model_id": embedder.model_id if embedder is not None else None,
        "dim": dim,
        "heads": heads,
        "vocabulary": terms,
    }
    return Trained(meta, arrays)


def fit_gate_intent(
    meta: dict[str, Any],
    arrays: dict[str, Array],
    rows: Sequence[dict[str, Any]],
    vectors: Array | None,
) -> Trained:
    """The heads of ``meta``/``arrays`` with an own-case head for the person gate (ADR 89).

    The head reads the same features as the intent head (the shipped vocabulary, and the e5
    vector when ``vectors`` is given) and is fitted on ``rows`` (``{"text", "intent"}``, all
    intent writers); the other heads are kept as they are.
    """
    labels = [str(r["intent"]) for r in rows]
    lexical = lexical_matrix([str(r["text"]) for r in rows], meta["vocabulary"])
    variants = {LEXICAL: lexical}
    if vectors is not None:
        variants[FULL] = np.hstack([vectors, lexical])
    arrays = dict(arrays)
    classes: list[str] = []
    for variant, x in variants.items():
        classes = _fit_head(arrays, f"{GATE_INTENT}.{variant}", False, x, labels, C_TEXT)
    heads = dict(meta["heads"]) | {
        GATE_INTENT: {"classes": classes, "variants": sorted(variants), "source": "intent-writers"}
    }
    return Trained(dict(meta) | {"heads": heads}, arrays)


def with_gate_intent(trained: Trained, folder: Path, embedder: Embedder | None) -> Trained:
    """``trained`` with the own-case head fitted on all intent writers of ``folder`` (ADR 89):
    ``intent.jsonl`` (I1, I2) and ``intent-more.jsonl`` (I3, I4), ADR 87's label set."""
    rows = Examples.from_folder(folder, planning=True).intent
    vectors = None
    if embedder is not None and trained.meta.get("dim"):
        vectors = embedder.embed_queries([str(r["text"]) for r in rows])
    return fit_gate_intent(trained.meta, trained.arrays, rows, vectors)
