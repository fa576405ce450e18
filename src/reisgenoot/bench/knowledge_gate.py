"""The person gate judged by writers it never saw (issue 14, ADR 72).

The shipped hand-off gate (:func:`reisgenoot.bench.knowledge_fit.fit_gate`) is fitted on blind
dev's 45 person questions and chosen by 5-fold cross-validation on the same set. Four writers
wrote kennisbank questions of the same three kinds: K1 and K2 (blind dev), K3 and K4
(``training-data/kennisbank-questions*.jsonl``, 100 person questions each). Here every writer is
held out in turn: the gate is fitted on the others (plus the own dev set as non-person
questions), its threshold is chosen on the training writers (at most
:data:`~reisgenoot.bench.gate_threshold.MAX_GATE_ON_ANSWERABLE` of their answerable questions
flagged) and it is judged on the held-out writer: person questions caught, answerable questions
flagged. The own-case rule of :func:`reisgenoot.knowledge.handoff.own_case` counts as in the
product. Blind test and the own test set are never read.

:func:`collect_rows` reads every question once (the heads' reading and the tone);
:func:`probe_report` compares designs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.bench.gate_threshold import gate_threshold
from reisgenoot.bench.knowledge import build_corpus, cached_embedder, load_queries
from reisgenoot.bench.knowledge_fit import (
    TRAINING,
    _matrix,
    fit_scaled,
    retriever_for_fitting,
)
from reisgenoot.bench.knowledge_items import WRITER_FILES, as_item_kind
from reisgenoot.bench.sets import blind_part
from reisgenoot.knowledge.confidence import Logistic
from reisgenoot.knowledge.handoff import (
    GATE_FEATURES,
    WIDE_GATE_FEATURES,
    PersonGate,
    gate_features,
    own_case,
)
from reisgenoot.language.tone import analyse_tone

Row = dict[str, Any]
HELD_OUT = ("K1", "K2", "K3", "K4")
KINDS = ("person", "answerable", "out_of_scope")


def _questions() -> list[tuple[str, str, str]]:
    """(writer, kind, question) of blind dev, the own dev set and the writers' files."""
    found = [
        (str(r["writer"]), str(r["kind"]), str(r["query"]))
        for r in load_queries(blind_part("kennisbank", "dev.jsonl"))
    ]
    own = load_queries(Path("evaluation/knowledge/dev.jsonl"))
    found += [("own", as_item_kind(r)[0], str(r["query"])) for r in own]
    for path in sorted(TRAINING.glob(WRITER_FILES)):
        for r in load_queries(path):
            found.append((str(r["id"]).split("-")[0], str(r["kind"]), str(r["query"])))
    return found


def collect_rows(progress: Callable[[str], None] | None = None) -> list[Row]:
    """Every question with its writer, kind, gate evidence and the own-case rule."""
    say = progress or (lambda _m: None)
    retriever, embedder = retriever_for_fitting(build_corpus(cached_embedder()))
    rows: list[Row] = []
    questions = _questions()
    for k, (writer, kind, query) in enumerate(questions):
        if k % 200 == 0:
            say(f"{k}/{len(questions)}")
        reading = retriever.understand(query)
        assert reading is not None
        rows.append(
            {"writer": writer, "kind": kind, "query": query,
             "gate": gate_features(query, reading, analyse_tone(query)),
             "rule": own_case(query, reading)}
        )  # fmt: skip
    embedder.save()
    return rows


def probabilities(rows: Sequence[Row], gate: Logistic) -> np.ndarray:
    x = _matrix([r["gate"] for r in rows], gate.features)
    z = x @ np.array(gate.coefficients) + gate.intercept
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
    return result


def flags(rows: Sequence[Row], gate: Logistic, threshold: float) -> np.ndarray:
    """Which questions the gate (or the own-case rule before it) hands over."""
    rule = np.array([bool(r["rule"]) for r in rows])
    return rule | (probabilities(rows, gate) >= threshold)


def choose_threshold(rows: Sequence[Row], gate: Logistic) -> float:
    """Most person questions caught with at most the allowed share of answerable ones flagged."""
    kinds = np.array([r["kind"] for r in rows])
    rule = np.array([bool(r["rule"]) for r in rows])
    return gate_threshold(probabilities(rows, gate), rule, kinds == "person", kinds == "answerable")


def fit_rows(
    rows: Sequence[Row], c: float, features: Sequence[str] = WIDE_GATE_FEATURES
) -> Logistic:
    """The gate's logistic model on ``rows`` (person against every other kind)."""
    x = _matrix([r["gate"] for r in rows], features)
    y = np.array([1.0 if r["kind"] == "person" else 0.0 for r in rows])
    return fit_scaled(x, y, np.ones(len(rows)), features, c)


def fit_gate_rows(
    rows: Sequence[Row],
    writers: Sequence[str],
    c: float,
    features: Sequence[str] = WIDE_GATE_FEATURES,
) -> PersonGate:
    """A gate fitted on ``writers`` and the own dev set, threshold chosen on ``writers``."""
    train = [r for r in rows if r["writer"] in writers or r["writer"] == "own"]
    model = fit_rows(train, c, features)
    return PersonGate(model, choose_threshold([r for r in rows if r["writer"] in writers], model))


def shares(rows: Sequence[Row], flagged: np.ndarray) -> dict[str, tuple[int, int]]:
    kinds = np.array([r["kind"] for r in rows])
    return {k: (int(flagged[kinds == k].sum()), int((kinds == k).sum())) for k in KINDS}


def _line(name: str, found: dict[str, tuple[int, int]]) -> str:
    parts = [f"{k} {a}/{b} = {a / max(b, 1):.3f}" for k, (a, b) in found.items()]
    return f"{name}: " + "; ".join(parts)


def _add(total: dict[str, tuple[int, int]], found: dict[str, tuple[int, int]]) -> None:
    for k, (a, b) in found.items():
        x, y = total.get(k, (0, 0))
        total[k] = (x + a, y + b)


DESIGNS = {"nine readings": GATE_FEATURES, "with the other intents": WIDE_GATE_FEATURES}


def probe_report(rows: Sequence[Row], cs: Sequence[float] = (0.1, 0.3, 1.0)) -> list[str]:
    """Writer-held-out figures of the shipped gate and of both designs, trained on blind dev's
    writers only and on all four writers."""
    lines: list[str] = []
    shipped = PersonGate.from_data()
    if shipped is not None:
        for writer in (*HELD_OUT, "own"):
            part = [r for r in rows if r["writer"] == writer]
            found = shares(part, flags(part, shipped.model, shipped.threshold))
            lines.append(_line(f"shipped gate, {writer}", found))
    for design, features in DESIGNS.items():
        for pool in (("K1", "K2"), HELD_OUT):
            for c in cs:
                name = f"{design}, train {'+'.join(pool)} C {c}"
                total: dict[str, tuple[int, int]] = {}
                for held in HELD_OUT:
                    gate = fit_gate_rows(rows, [w for w in pool if w != held], c, features)
                    part = [r for r in rows if r["writer"] == held]
                    found = shares(part, flags(part, gate.model, gate.threshold))
                    lines.append(_line(f"{name}, held out {held} (t {gate.threshold:.2f})", found))
                    _add(total, found)
                lines.append(_line(f"{name}, total", total))
    return lines
