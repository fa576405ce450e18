"""The writer-held-out probe of the out-of-scope decision (ADR 77)."""

from __future__ import annotations

from typing import Any

import numpy as np

from reisgenoot.bench import knowledge_outside


def _row(writer: str, kind: str, axis: int, reason: str = "answered") -> dict[str, Any]:
    q = np.zeros(4, dtype=np.float32)
    q[axis] = 1.0
    q[3] = 0.1
    return {"writer": writer, "kind": kind, "reason": reason, "confidence": 0.9, "q": q}


def test_neighbours_never_come_from_the_questions_own_writer() -> None:
    rows = [_row("K3", "out_of_scope", 0), _row("K3", "answerable", 1)]
    rows += [_row("K4", "out_of_scope", 0), _row("K4", "answerable", 2)]
    found = knowledge_outside.neighbours(rows, lambda w: [v for v in ("K3", "K4") if v != w], 1)
    # K3's answerable question (axis 1) meets K4's answerable one (axis 2) only through axis 3
    assert found[1, 1] < 0.1
    assert found[0, 0] > 0.99  # the out-of-scope questions of both writers share their axis
    assert np.allclose(found[:, 2], found[:, 0] - found[:, 1])


def test_the_best_threshold_keeps_answerable_hand_offs_under_the_cap() -> None:
    rows = [_row("K1", "answerable", 1) for _ in range(10)]
    rows += [_row("K1", "out_of_scope", 0) for _ in range(4)]
    rows[0]["reason"] = "escalation"  # the person gate takes one answerable question already
    scope = np.array([0.9] * 9 + [0.3] + [0.2, 0.4, 0.6, 0.95])
    # the gate uses the whole 0.10: only the out-of-scope question below every answerable one
    assert knowledge_outside.best_at(rows, scope, ["K1"], 0.10) == 0.25
    assert knowledge_outside.best_at(rows, scope, ["K1"], 0.20) == 0.75
