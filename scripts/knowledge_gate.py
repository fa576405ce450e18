"""The person gate judged by writers it never saw (issue 14, ADR 72).

    .venv/bin/python scripts/knowledge_gate.py collect   # rows → build/knowledge-gate-rows.pkl
    .venv/bin/python scripts/knowledge_gate.py probe     # writer-held-out figures
    .venv/bin/python scripts/knowledge_gate.py fit       # the gate of calibration.json

``collect`` reads every dev-side question once (blind dev's writers K1 and K2, the own dev set,
writers K3 and K4 of ``training-data/kennisbank-questions*.jsonl``): the question heads' reading,
the gate's evidence and the own-case rule. ``probe`` holds out each writer in turn and compares
the shipped gate with gates fitted on blind dev's writers only and on all four writers (see
:mod:`reisgenoot.bench.knowledge_gate`). ``fit`` fits the shipped gate on all four writers and
the own dev set (C 0.3, threshold at most 3 % of their answerable questions) and writes only the
``person`` entry of ``calibration.json``. Blind test and the own test set are never read.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-gate-rows.pkl"


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        found: list[dict[str, Any]] = pickle.load(handle)  # noqa: S301 - our own build file
    return found


def collect(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_gate import collect_rows

    rows = collect_rows(progress=lambda m: print(m, file=sys.stderr))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} rows → {path}")


def probe(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_gate import probe_report

    print("\n".join(probe_report(_rows(path))))


def fit(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_fit import C_GATE, write_calibration
    from reisgenoot.bench.knowledge_gate import HELD_OUT, fit_gate_rows
    from reisgenoot.knowledge.retrieval import calibration_data

    gate = fit_gate_rows(_rows(path), HELD_OUT, C_GATE)
    person = {**gate.model.to_dict(), "threshold": gate.threshold}
    write_calibration({**calibration_data(), "person": person})
    print(f"gate: {len(gate.model.features)} features, threshold {gate.threshold}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe", "fit"))
    args = parser.parse_args()
    {"collect": collect, "probe": probe, "fit": fit}[args.step]()


if __name__ == "__main__":
    main()
