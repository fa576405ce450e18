"""What agent assist learns from confirmed work: the UPL topic model (:mod:`.topics`).

:class:`TopicLearner` keeps the packaged model and learns a correction on top of it from the
registrations employees confirmed: a sparse multinomial logistic regression on the same
features (:func:`reisgenoot.assist.topics.features_from_lemmas`) whose logits are added to the
packaged model's (gazetteer bonus included, as at run time). Only the features seen in the
confirmed conversations and the products they involve (the confirmed one and the one proposed
instead) get weights; a sample of the packaged training utterances anchors everything else, and
an L2 penalty keeps the correction small. Trained with Adam in numpy in seconds; the result is a
complete ``topic_model.json`` in the packaged format, merged, so loading needs nothing new.

Its blind-dev figure is the share of conversations of ``transcripts/dev`` whose main question
gets the gold UPL product (turns analysed once per process and kept).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import tables, topics
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns
from reisgenoot.assist.transcript import read_transcript
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.registry import ACTIVE

Array = npt.NDArray[np.float64]
ANCHORS = 2000  # packaged training utterances that keep the rest of the model in place
L2 = 0.01
STEPS = 150  # at least this many Adam steps
EPOCHS = 4  # and at least this many passes over the rows
BATCH = 512
RATE = 0.1
KEEP = 0.05  # smallest correction weight written (the packaged model prunes at the same)


@dataclass(frozen=True, slots=True)
class _Rows:
    """Sparse rows: for each non-zero (row, feature column, value)."""

    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    values: Array
    count: int


def _logits(model: topics.LinearModel, text: str) -> tuple[Array, dict[str, float]]:
    """Run-time logits of ``text`` under ``model`` (gazetteer bonus included) and its features."""
    lemmas = topics.normalise(text)
    hits = topics.gazetteer_hits(lemmas)
    feats = topics.features_from_lemmas(lemmas, hits)
    scores = np.array(model.logits(feats), dtype=np.float64)
    position = {name: i for i, name in enumerate(model.classes)}
    for hit in hits:
        for product in hit.products:
            if product in position:
                scores[position[product]] += (
                    topics.GAZ_BONUS * (1 + 0.25 * (hit.end - hit.start - 1)) / len(hit.products)
                )
    return scores, feats


def _anchor_rows(seed: int = 2026) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in tables.text("train.jsonl").splitlines() if line.strip()]
    random.Random(seed).shuffle(rows)
    return [(str(r["text"]), str(r["upl"])) for r in rows[:ANCHORS]]


def _softmax(logits: Array) -> Array:
    shifted: Array = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Array = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def _fit(
    base: Array, sparse: _Rows, labels: npt.NDArray[np.int64], weights: Array, columns: list[int]
) -> npt.NDArray[np.float32]:
    """Mini-batch Adam on the correction ``delta`` (features × chosen classes); the rows are
    in random order, so each batch mixes confirmed examples and anchors."""
    features = int(sparse.cols.max()) + 1
    delta = np.zeros((features, len(columns)), dtype=np.float32)
    moment, second = np.zeros_like(delta), np.zeros_like(delta)
    chosen = np.array(columns)
    starts = np.searchsorted(sparse.rows, np.arange(sparse.count + 1))
    batches = [(lo, min(lo + BATCH, sparse.count)) for lo in range(0, sparse.count, BATCH)]
    for step in range(1, max(STEPS, EPOCHS * len(batches)) + 1):
        lo, hi = batches[(step - 1) % len(batches)]
        first, last = starts[lo], starts[hi]
        rows = sparse.rows[first:last] - lo
        cols = sparse.cols[first:last]
        values = sparse.values[first:last, None].astype(np.float32)
        logits = base[lo:hi].copy()
        filled = np.unique(rows)  # rows with at least one corrected feature
        heads = np.searchsorted(rows, filled)
        logits[filled[:, None], chosen[None, :]] += np.add.reduceat(values * delta[cols], heads)
        probabilities = _softmax(logits)
        probabilities[np.arange(hi - lo), labels[lo:hi]] -= 1.0
        share = weights[lo:hi] / weights[lo:hi].sum()
        error = (probabilities[:, chosen] * share[:, None]).astype(np.float32)
        order = np.argsort(cols, kind="stable")
        used, starts_of = np.unique(cols[order], return_index=True)
        gradient = np.add.reduceat((values * error[rows])[order], starts_of) + L2 * delta[used]
        # Lazy Adam: only the features of this batch move.
        moment[used] = 0.9 * moment[used] + 0.1 * gradient
        second[used] = 0.999 * second[used] + 0.001 * gradient**2
        corrected = moment[used] / (1 - 0.9**step)
        delta[used] -= RATE * corrected / (np.sqrt(second[used] / (1 - 0.999**step)) + 1e-8)
    return delta


def _merged(
    packaged: topics.LinearModel,
    delta: npt.NDArray[np.float32],
    vocabulary: list[str],
    columns: list[int],
) -> dict[str, Any]:
    weights: dict[str, dict[int, float]] = {
        name: dict(pairs) for name, pairs in packaged.weights.items()
    }
    for f, c in zip(*np.nonzero(np.abs(delta) >= KEEP), strict=True):
        row = weights.setdefault(vocabulary[f], {})
        row[columns[c]] = row.get(columns[c], 0.0) + float(delta[f, c])
    return {
        "about": "UPL topic model of Reisgenoot agent assist, corrected with confirmed work",
        "classes": list(packaged.classes),
        "intercept": list(packaged.intercept),
        "weights": {
            name: [[c, round(w, 3)] for c, w in sorted(row.items())]
            for name, row in sorted(weights.items())
            if row
        },
    }


@dataclass
class TopicLearner:
    """The UPL topic model of agent assist, corrected with confirmed registrations."""

    name: str = topics.LEARNER
    capability: str = "assist"
    kinds: tuple[str, ...] = (REGISTRATION,)
    description: str = "Herkent het UPL-product van de vragen in een gesprek."
    min_examples: int = 5
    anchors: int = ANCHORS
    _dev: dict[Path, list[tuple[tuple[AnalysedTurn, ...], str]]] = field(
        default_factory=dict, repr=False
    )

    def examples_of(self, examples: Sequence[LearningExample]) -> list[LearningExample]:
        known = set(topics.packaged_model().classes)
        return [
            e
            for e in examples
            if e.kind == REGISTRATION
            and e.label.get("vragen")
            and e.label["vragen"][0].get("upl") in known
            and e.resident_text.strip()
        ]

    def _table(
        self, examples: Sequence[LearningExample]
    ) -> tuple[list[tuple[str, str, float]], topics.LinearModel]:
        packaged = topics.packaged_model()
        rows = [(e.resident_text, str(e.label["vragen"][0]["upl"]), 1.0) for e in examples]
        rows += [(t, u, 0.5) for t, u in _anchor_rows()[: self.anchors]]
        return rows, packaged

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        table, packaged = self._table(examples)
        position = {name: i for i, name in enumerate(packaged.classes)}
        table = [row for row in table if row[1] in position]
        random.Random(len(table)).shuffle(table)
        base_rows: list[Array] = []
        feature_rows: list[dict[str, float]] = []
        for text, _upl, _w in table:
            scores, feats = _logits(packaged, text)
            base_rows.append(scores)
            feature_rows.append(feats)
        base = np.vstack(base_rows)
        labels = np.array([position[u] for _t, u, _w in table], dtype=np.int64)
        local = np.array([w == 1.0 for _t, _u, w in table])
        vocabulary = sorted(
            {name for feats, own in zip(feature_rows, local, strict=True) if own for name in feats}
        )
        column_of = {name: i for i, name in enumerate(vocabulary)}
        chosen = sorted(set(labels[local].tolist()) | set(base[local].argmax(axis=1).tolist()))
        rows, cols, values = [], [], []
        for r, feats in enumerate(feature_rows):
            for name, value in feats.items():
                if name in column_of:
                    rows.append(r)
                    cols.append(column_of[name])
                    values.append(value)
        sparse = _Rows(
            np.array(rows, dtype=np.int64),
            np.array(cols, dtype=np.int64),
            np.array(values, dtype=np.float64),
            len(table),
        )
        weights = np.array([w for _t, _u, w in table], dtype=np.float64)
        delta = _fit(base, sparse, labels, weights, chosen)
        path = folder / topics.MODEL_FILE
        merged = _merged(packaged, delta, vocabulary, chosen)
        path.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
        return [path]

    def _dev_set(self, dev: Path) -> list[tuple[tuple[AnalysedTurn, ...], str]]:
        folder = dev / "transcripts" / "dev"
        if folder not in self._dev:
            gold_file = folder / "gold.jsonl"
            items: list[tuple[tuple[AnalysedTurn, ...], str]] = []
            if gold_file.is_file():
                for line in gold_file.read_text(encoding="utf-8").splitlines():
                    if not line.strip():
                        continue
                    gold = json.loads(line)
                    transcript = read_transcript(folder / "transcripts" / gold["source"])
                    items.append((analyse_turns(transcript.turns), gold["vragen"][0]["upl"]))
            self._dev[folder] = items
        return self._dev[folder]

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        items = self._dev_set(dev)
        if not items:
            return Figures(None, {}, 0, "")
        with ACTIVE.using(self.name, folder):
            right = sum(1 for turns, upl in items if topics.detect_questions(turns)[0].upl == upl)
        share = round(right / len(items), 4)
        return Figures(share, {"upl_hoofdvraag": share}, len(items), "transcripts/dev")

    def load(self, folder: Path | None) -> object:
        with ACTIVE.using(self.name, folder):
            return topics.model()


LEARNERS = (TopicLearner(),)
