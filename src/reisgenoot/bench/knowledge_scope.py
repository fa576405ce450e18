"""Fitting "can the kennisbank answer this?" (the in-scope model) with a learned e5 projection.

The shipped in-scope model (:mod:`reisgenoot.knowledge.confidence`) reads the ranking's
evidence only. This module adds the question's e5 vector: a strongly regularised logistic
**projection** of the question vector ``q`` and of ``q * d`` (``d`` the vector of the best
article's best section: *where* question and article agree, not only how much), fitted on
broad data — blind dev (its training folds), the own dev set, ``training-data/upl.jsonl``
utterances and the questions of writer K3 (``training-data/kennisbank-questions.jsonl``) — and
read by the in-scope model as one more feature, ``scope_vector`` (its logit), predicted out of
fold for every row it is fitted on (stacking).

:func:`collect_rows` ranks the questions once; :func:`probe_report` cross-validates designs on
blind dev (5 folds as :mod:`reisgenoot.bench.knowledge_fit`, and writer-held-out); blind test
and the own test set are never read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.bench.knowledge import Corpus, build_corpus, cached_embedder, load_queries
from reisgenoot.bench.knowledge_fit import (
    C_CONFIDENCE,
    MAX_ANSWERABLE_HANDOFF,
    SYNTHETIC_CONFIDENCE_WEIGHT,
    SYNTHETIC_WEIGHT,
    _folds,
    fit_gate,
    fit_reranker,
    fit_scaled,
    municipal_first,
    ranked,
    retriever_for_fitting,
    synthetic,
    top_right,
)
from reisgenoot.bench.knowledge_items import Item, collect
from reisgenoot.bench.sets import blind_part
from reisgenoot.knowledge.confidence import FEATURES as CONFIDENCE_FEATURES
from reisgenoot.knowledge.confidence import SCOPE_VECTOR, Projection
from reisgenoot.knowledge.retrieval import Retriever, calibration_data

K3_WEIGHT = 1.0


def k3_questions(path: Path, retriever: Retriever) -> list[dict[str, Any]]:
    """Writer K3's questions as fit questions (``ro-<id>`` → the Rijksoverheid item's id)."""
    known = {d.source_id for d in retriever.docs}
    found: list[dict[str, Any]] = []
    for row in load_queries(path):
        kind = str(row["kind"])
        if kind == "person":
            found.append({"query": row["query"], "kind": "person", "expected": []})
            continue
        targets = row.get("target") or []
        targets = [targets] if isinstance(targets, str) else list(targets)
        expected = [t[3:] if t.startswith("ro-") and t[3:] in known else t for t in targets]
        expected = [t for t in expected if t in known]
        if kind == "answerable" and not expected:
            continue  # an article this kennisbank does not hold
        found.append(
            {"query": row["query"], "kind": kind, "expected": expected,
             "preferred": expected[0] if expected else None}
        )  # fmt: skip
    return found


def _vectors(retriever: Retriever, item: Item, order: Sequence[Any]) -> tuple[Any, Any]:
    q = retriever.query_vector(item.query).astype(np.float32)
    d = np.zeros_like(q)
    if order and retriever.dense:
        top = order[0]
        index = next(i for i, doc in enumerate(retriever.docs) if doc is top.doc)
        found = retriever.dense.section_vector(index, top.section or "titel")
        if found is not None:
            d = found.astype(np.float32)
    return q, d


def _row(retriever: Retriever, item: Item, coefficients: np.ndarray) -> dict[str, Any]:
    order = ranked(retriever, item, coefficients)
    features = retriever.ranking(item.query, order, item.reading, 3).features
    q, d = _vectors(retriever, item, order)
    return {
        "query": item.query,
        "kind": item.kind,
        "origin": item.origin,
        "evidence": features,
        "right": bool(top_right(retriever, item, coefficients)),
        "municipal": municipal_first(retriever, item, coefficients),
        "q": q,
        "d": d,
    }


def collect_rows(
    k3: Path | None, corpus: Corpus | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Every dev-side question ranked once, with evidence and vectors (see the module doc)."""
    say = progress or (lambda _m: None)
    corpus = corpus or build_corpus(cached_embedder())
    retriever, embedder = retriever_for_fitting(corpus)
    say("vragen lezen")
    own = collect(retriever, load_queries(Path("evaluation/knowledge/dev.jsonl")), "own_dev")
    blind_rows = load_queries(blind_part("kennisbank", "dev.jsonl"))
    blind = collect(retriever, blind_rows, "blind_dev")
    made = synthetic(retriever, embedder)
    k3_items = collect(retriever, k3_questions(k3, retriever), "k3") if k3 else []
    embedder.save()
    folds = _folds(len(blind))
    say("gate")
    _gate, gate_oof = fit_gate(blind, own, folds)
    say("herordenen")
    parts: list[tuple[Sequence[Item], float]] = [(own, 1.0), (made, SYNTHETIC_WEIGHT)]
    shipped = calibration_data().get("rerank") or {}
    coefficients = np.array(shipped["coefficients"], dtype=np.float64)  # the ranking that runs
    rows_blind: list[dict[str, Any]] = [{} for _ in blind]
    for part in folds:
        held = set(part.tolist())
        train = [b for k, b in enumerate(blind) if k not in held]
        fold = fit_reranker([(train, 1.0), *parts])
        for k in part.tolist():
            rows_blind[k] = _row(retriever, blind[k], fold)
    for k, row in enumerate(rows_blind):
        row["writer"] = blind_rows[k].get("writer", "")
        row["gate"] = bool(gate_oof[k])
    say("overige vragen")
    extra: list[dict[str, Any]] = []
    for items, weight in ((own, 1.0), (made, SYNTHETIC_CONFIDENCE_WEIGHT), (k3_items, K3_WEIGHT)):
        for item in items:
            row = _row(retriever, item, coefficients)
            row["weight"] = weight
            extra.append(row)
    return {"blind": rows_blind, "extra": extra, "folds": [f.tolist() for f in folds]}


# --- the probe ---------------------------------------------------------------------------------


def _evidence(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.array(
        [[r["evidence"].get(n, 0.0) for n in CONFIDENCE_FEATURES] for r in rows], dtype=np.float64
    )


def vector_design(rows: Sequence[dict[str, Any]], mode: str) -> np.ndarray:
    """The inputs of the e5 projection: ``q``, ``qd`` (q * d) or ``q+qd``."""
    shape = Projection(mode, np.zeros(0), 0.0)
    return np.array([shape.design(r["q"], r["d"]) for r in rows], dtype=np.float64)


def fit_projection(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float
) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _logit(x: np.ndarray, weights: tuple[np.ndarray, float]) -> np.ndarray:
    result: np.ndarray = x @ weights[0] + weights[1]
    return result


def oof_projection(
    xv: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    train: np.ndarray,
    folds: int,
    c: float,
    seed: int = 7,
) -> np.ndarray:
    """Out-of-fold projection logits for the rows of ``train`` (others: NaN)."""
    result = np.full(len(y), np.nan)
    rows = np.flatnonzero(train)
    order = np.random.default_rng(seed).permutation(rows)
    for part in np.array_split(order, folds):
        keep = np.setdiff1d(rows, part)
        result[part] = _logit(xv[part], fit_projection(xv[keep], y[keep], w[keep], c))
    return result


def evaluate(
    rows: dict[str, Any],
    *,
    vector: str | None,
    c_vector: float = 0.05,
    held: str = "folds",
    use_k3: bool = True,
    extra_weight: float = 1.0,
    details: dict[str, Any] | None = None,
    right_t: float | None = None,
    k3_scope: bool = True,
    k3_weight: float = 1.0,
) -> dict[str, float]:
    """Cross-validated figures on blind dev of one design (thresholds chosen as shipped).

    ``k3_scope`` False: K3's questions train the projection only, not the in-scope model.
    """
    blind, extra = rows["blind"], rows["extra"]
    if not use_k3:
        extra = [r for r in extra if r["origin"] != "k3"]
    extra = [r for r in extra if r["kind"] != "person"]
    nb = len(blind)
    kinds = np.array([r["kind"] for r in blind])
    if held == "writer":
        writers = sorted({r["writer"] for r in blind})
        folds = [np.array([k for k, r in enumerate(blind) if r["writer"] == w]) for w in writers]
    else:
        folds = [np.array(f) for f in rows["folds"]]
    xb, xe = _evidence(blind), _evidence(extra)
    we = np.array([r["weight"] * (k3_weight if r["origin"] == "k3" else 1.0) for r in extra])
    we = we * extra_weight
    right_b = np.array([float(r["right"]) for r in blind])
    right_e = np.array([float(r["right"]) for r in extra])
    scope_b = (kinds == "answerable").astype(float)
    scope_e = np.array([float(r["kind"] == "answerable") for r in extra])
    gate = np.array([r["gate"] for r in blind])
    # K3 names one target per question: fine for "in scope", too narrow for "top is right"
    from_k3 = np.array([r["origin"] == "k3" for r in extra], dtype=bool)
    usable = kinds != "person"
    names = list(CONFIDENCE_FEATURES)
    if vector:
        vb, ve = vector_design(blind, vector), vector_design(extra, vector)
    oof_right, oof_scope = np.zeros(nb), np.zeros(nb)
    for part in folds:
        keep = np.setdiff1d(np.arange(nb), part)
        keep = keep[usable[keep]]
        x = np.vstack([xb[keep], xe])
        w = np.r_[np.ones(len(keep)), we]
        ys = np.r_[scope_b[keep], scope_e]
        judged = np.r_[np.ones(len(keep), bool), ~from_k3]
        right = fit_scaled(
            x[judged], np.r_[right_b[keep], right_e][judged], w[judged], names, C_CONFIDENCE
        )
        held_x = xb[part]
        if vector:
            xv = np.vstack([vb[keep], ve])
            inner = oof_projection(xv, ys, w, np.ones(len(ys), bool), 5, c_vector)
            x = np.hstack([x, inner[:, None]])
            outer = _logit(vb[part], fit_projection(xv, ys, w, c_vector))
            held_x = np.hstack([held_x, outer[:, None]])
        fitted = judged if not k3_scope else np.ones(len(ys), bool)
        scope = fit_scaled(
            x[fitted], ys[fitted], w[fitted], [*names, SCOPE_VECTOR][: x.shape[1]], C_CONFIDENCE
        )
        for j, k in enumerate(part.tolist()):
            oof_right[k] = right.probability(dict(zip(names, xb[k], strict=True)))
            oof_scope[k] = scope.probability(dict(zip(scope.features, held_x[j], strict=True)))
    if details is not None:
        details.update(scope=oof_scope, right=oof_right, gate=gate, kinds=kinds)
    return _choose(kinds, gate, oof_scope, oof_right, right_b, blind, right_t)


def _choose(
    kinds: np.ndarray,
    gate: np.ndarray,
    oof_scope: np.ndarray,
    oof_right: np.ndarray,
    right_b: np.ndarray,
    blind: Sequence[dict[str, Any]],
    right_t: float | None = None,
) -> dict[str, float]:
    answerable, outside, person = kinds == "answerable", kinds == "out_of_scope", kinds == "person"
    best: tuple[float, ...] | None = None
    for a in np.round(np.arange(0.0, 0.91, 0.01), 2):
        for b in [right_t] if right_t is not None else np.round(np.arange(0.0, 0.91, 0.02), 2):
            handed = gate | (oof_scope < a) | (oof_right < b)
            if handed[answerable].mean() > (MAX_ANSWERABLE_HANDOFF if right_t is None else 0.10):
                continue
            # ties: more person questions handed over, then more right among the answered
            key = (
                float(handed[outside].mean()), float(handed[person].mean()),
                float(right_b[answerable & ~handed].mean()),
            )  # fmt: skip
            if best is None or key > best[2:]:
                best = (float(a), float(b), *key)
    assert best is not None
    handed = gate | (oof_scope < best[0]) | (oof_right < best[1])
    municipal = np.array([r["municipal"] is not None for r in blind])
    first = np.array([bool(r["municipal"]) for r in blind])
    return {
        "scope_t": best[0],
        "right_t": best[1],
        "oos": round(float(handed[outside].mean()), 3),
        "answerable": round(float(handed[answerable].mean()), 3),
        "own_article": round(float((first & ~handed)[municipal].mean()), 3),
        "right_answered": round(float(right_b[answerable & ~handed].mean()), 3),
        "person": round(float(handed[person].mean()), 3),
        "curve": json.dumps(_curve(kinds, gate, oof_scope, oof_right, best[1])),  # type: ignore[dict-item]
    }


def _curve(
    kinds: np.ndarray, gate: np.ndarray, scope: np.ndarray, right: np.ndarray, b: float
) -> list[tuple[float, float]]:
    """Out of scope handed over at answerable handed over .06 … .14 (confidence cut fixed)."""
    answerable, outside = kinds == "answerable", kinds == "out_of_scope"
    points = []
    for limit in (0.06, 0.08, 0.10, 0.12, 0.14):
        top = 0.0
        for a in np.round(np.arange(0.0, 0.95, 0.01), 2):
            handed = gate | (scope < a) | (right < b)
            if handed[answerable].mean() <= limit:
                top = max(top, float(handed[outside].mean()))
        points.append((limit, round(top, 3)))
    return points


SHIPPED_RIGHT_T = 0.22  # the shipped confidence threshold, kept fixed


def probe_report(rows: dict[str, Any]) -> list[str]:
    """One line per design: figures cross-validated on blind dev."""
    lines = []
    designs: list[tuple[str, dict[str, Any]]] = [("shipped design", {"vector": None})]
    for mode, c in (("q", 0.05), ("qd", 0.05), ("q+qd", 0.01), ("q+qd", 0.05), ("q+qd", 0.2)):
        designs.append((f"{mode} C={c}", {"vector": mode, "c_vector": c}))
    has_k3 = any(r["origin"] == "k3" for r in rows["extra"])
    for name, options in designs:
        for held in ("folds", "writer"):
            for k3 in (True, False) if has_k3 else (False,):
                got = evaluate(rows, held=held, use_k3=k3, **options)
                lines.append(f"{name:16} {held:6} k3={int(k3)} {got}")
    return lines


# --- the fit that ships ------------------------------------------------------------------------


def fit_scope(
    rows: dict[str, Any], *, vector: str, c_vector: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Confidence, in-scope model and projection on all rows; thresholds cross-validated.

    The projection learns from every question (K3's too); the confidence and in-scope models
    from blind dev, the own dev set and the ``upl.jsonl`` utterances (K3 names one target per
    question, and with K3 in the in-scope model the cross-validation was worse: ADR 61).
    Returns the ``confidence`` and ``in_scope`` entries of ``calibration.json`` (the re-ranker
    and the person gate are left as they are) and the cross-validated report.
    """
    report = evaluate(rows, vector=vector, c_vector=c_vector, k3_scope=False)
    blind = [r for r in rows["blind"] if r["kind"] != "person"]
    extra = [r for r in rows["extra"] if r["kind"] != "person"]
    every = [*blind, *extra]
    x = _evidence(every)
    w = np.r_[np.ones(len(blind)), [r["weight"] for r in extra]]
    ys = np.array([float(r["kind"] == "answerable") for r in every])
    yr = np.array([float(r["right"]) for r in every])
    names = list(CONFIDENCE_FEATURES)
    judged = np.array([r["origin"] != "k3" for r in every], dtype=bool)
    right = fit_scaled(x[judged], yr[judged], w[judged], names, C_CONFIDENCE)
    xv = vector_design(every, vector)
    inner = oof_projection(xv, ys, w, np.ones(len(ys), bool), 5, c_vector)
    x = np.hstack([x, inner[:, None]])
    scope = fit_scaled(x[judged], ys[judged], w[judged], [*names, SCOPE_VECTOR], C_CONFIDENCE)
    weights, intercept = fit_projection(xv, ys, w, c_vector)
    projection = Projection(vector, weights, intercept)
    calibration = {
        "confidence": {
            **right.to_dict(),
            "threshold": report["right_t"],
            "out_of_scope_below": round(float(report["right_t"]) / 2, 4),
        },
        "in_scope": {
            **scope.to_dict(),
            "threshold": report["scope_t"],
            "projection": projection.to_dict(),
        },
    }
    return calibration, report
