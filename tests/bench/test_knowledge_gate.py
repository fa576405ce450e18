"""The writer-held-out probe of the person gate chooses its threshold on the training writers."""

from __future__ import annotations

from typing import Any

from reisgenoot.bench import knowledge_gate
from reisgenoot.knowledge.handoff import WIDE_GATE_FEATURES


def _row(writer: str, kind: str, own_case: float, rule: bool = False) -> dict[str, Any]:
    gate = dict.fromkeys(WIDE_GATE_FEATURES, 0.0)
    gate["status_eigen_zaak"] = own_case
    return {"writer": writer, "kind": kind, "query": "", "gate": gate, "rule": rule}


def _rows() -> list[dict[str, Any]]:
    rows = []
    for writer in ("K1", "K2", "K3"):
        rows += [_row(writer, "person", 0.6 + 0.1 * k) for k in range(4)]
        rows += [_row(writer, "answerable", 0.05 * k) for k in range(10)]
        rows += [_row(writer, "out_of_scope", 0.1)]
    return [*rows, _row("own", "answerable", 0.0)]


def test_a_gate_from_other_writers_catches_the_held_out_writers_person_questions() -> None:
    rows = _rows()
    gate = knowledge_gate.fit_gate_rows(rows, ["K1", "K2"], 1.0)
    held = [r for r in rows if r["writer"] == "K3"]
    found = knowledge_gate.shares(held, knowledge_gate.flags(held, gate.model, gate.threshold))
    assert found["person"] == (4, 4)
    assert found["answerable"][0] == 0


def test_the_own_case_rule_hands_over_whatever_the_gate_reads() -> None:
    rows = [_row("K1", "answerable", 0.0, rule=True), _row("K1", "person", 0.0)]
    gate = knowledge_gate.fit_rows(_rows(), 1.0)
    assert knowledge_gate.flags(rows, gate, 0.99).tolist() == [True, False]


def test_the_report_holds_out_every_writer() -> None:
    rows = [{**r, "writer": "K4"} if r["writer"] == "K3" else r for r in _rows()]
    rows += [{**r, "writer": "K3"} for r in rows if r["writer"] == "K4"]
    lines = knowledge_gate.probe_report(rows, cs=(1.0,))
    assert sum("held out" in line for line in lines) == 16
    assert sum(line.startswith("shipped gate") for line in lines) == 5
