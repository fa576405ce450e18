"""The writer-held-out probe of the report-aware in-scope decision (ADR 94)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reisgenoot.bench import knowledge_reports


def _row(writer: str, kind: str, scope: float, report: float, **extra: Any) -> dict[str, Any]:
    return {"writer": writer, "kind": kind, "scope": scope, "confidence": 0.9,
            "reason": "answered", "own_intents": {"melding": report}, **extra}  # fmt: skip


def test_the_report_weight_is_learned_with_the_shipped_logit_as_offset() -> None:
    rng = np.random.default_rng(7)
    offset, x = rng.normal(size=4000), rng.uniform(size=4000)
    y = (rng.uniform(size=4000) < 1 / (1 + np.exp(-(offset + 3.0 * x)))).astype(float)
    assert knowledge_reports.fit_report_weight(offset, x, y, l2=0.0) == pytest.approx(3.0, abs=0.3)


def test_a_writer_is_judged_by_a_weight_fitted_without_it() -> None:
    # K3 teaches that reports are answerable; I3's reports are out of scope by the shipped model
    rows = [_row("K3", "answerable", 0.3, 0.95) for _ in range(20)]
    rows += [_row("K3", "out_of_scope", 0.3, 0.1) for _ in range(20)]
    rows += [_row("I3", "intent", 0.3, 0.95, intent="melding") for _ in range(5)]
    rows += [_row("I3", "intent", 0.3, 0.95, intent="klacht")]  # no label: never learned from
    x = knowledge_reports.hinged(knowledge_reports.report_reading(rows))
    scope = knowledge_reports.held_out_scope(rows, x)
    found = knowledge_reports.reasons(rows, scope)
    assert found[:20] == ["answered"] * 20 and found[20:40] == ["out_of_scope"] * 20
    assert found[40:] == ["answered"] * 6  # learned from K3 alone
    lines = knowledge_reports.intent_table(rows, found, ("I3",))
    assert "melding          n=  5  handed over   0  (answered 5)" in lines[0]
