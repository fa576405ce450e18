"""A resident reporting a problem is not out of scope (issue 14, ADR 94).

    .venv/bin/python scripts/knowledge_reports.py collect   # rows → build/knowledge-reports.pkl
    .venv/bin/python scripts/knowledge_reports.py probe     # hand-offs by intent, held out
    .venv/bin/python scripts/knowledge_reports.py fit       # the report weight → calibration

``collect`` decides once, as the shipped answerer does on the bench's evaluation kennisbank,
every question of the kennisbank writers (K1, K2 = blind dev; K3, K4; the own dev set; see
:mod:`reisgenoot.bench.knowledge_outside`) and of the intent writers (I1–I4,
``training-data/intent*.jsonl``), with the evidence the in-scope model reads and the heads'
reading. ``probe`` counts how the intent writers' questions are handed over (by labelled intent
and reason) and judges a report-aware in-scope decision writer-held-out
(:mod:`reisgenoot.bench.knowledge_reports`); the own-case head (ADR 89) learned from I3 and I4,
so for their rows it is refitted with the writer held out (:func:`held_out_reports`). ``fit`` fits the report weight on every
training-data writer (K3, K4, I1–I4) and adds it to the shipped in-scope model in
``calibration.json`` (a refit of the in-scope model by ``knowledge_models.py`` drops it: run
``collect`` and ``fit`` again after one). Blind test and the own test set are never read.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-reports.pkl"
TRAINING = ROOT / "training-data"


def intent_questions() -> list[dict[str, object]]:
    """The intent writers' questions as rows of kind ``intent`` with their label."""
    found: list[dict[str, object]] = []
    for name in ("intent.jsonl", "intent-more.jsonl"):
        with (TRAINING / name).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    r = json.loads(line)
                    found.append({"writer": r["writer"], "kind": "intent", "query": r["text"],
                                  "expected": [], "intent": r["intent"]})  # fmt: skip
    return found


def held_out_reports(rows: list[dict[str, Any]]) -> dict[int, float]:
    """The own-case head's ``melding`` probability of each I3 / I4 row, from the head fitted
    on the other intent writers (the shipped heads otherwise; ADR 89's fit)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from knowledge_melding import shipped_heads

    from reisgenoot.knowledge.understanding_train import fit_gate_intent

    meta, arrays = shipped_heads()
    found: dict[int, float] = {}
    for held in ("I3", "I4"):
        train = [r for r in rows if r["writer"] in ("I1", "I2", "I3", "I4") and r["writer"] != held]
        vectors = np.vstack([r["q"] for r in train]).astype(np.float64)
        texts = [{"text": r["query"], "intent": r["intent"]} for r in train]
        models = fit_gate_intent(meta, arrays, texts, vectors).models()
        for index, row in enumerate(rows):
            if row["writer"] == held:
                reading = models.understand(row["query"], row["q"], models.model_id)
                found[index] = float((reading.gate_intents or {}).get("melding", 0.0))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe", "fit"))
    parser.add_argument("--rows", type=Path, default=ROWS, help="the collected rows")
    args = parser.parse_args()
    from reisgenoot.bench.knowledge_outside import collect_rows

    if args.step != "collect":
        from reisgenoot.bench.knowledge_reports import fit_calibration, probe_report

        rows = pickle.loads(args.rows.read_bytes())  # noqa: S301 - our own build file
        if args.step == "fit":
            print("\n".join(fit_calibration(rows)))
            return
        held = args.rows.with_suffix(".held.pkl")
        if not held.exists():
            held.write_bytes(pickle.dumps(held_out_reports(rows)))
        print("\n".join(probe_report(rows, pickle.loads(held.read_bytes()))))  # noqa: S301
        return
    found = collect_rows(lambda m: print(m, file=sys.stderr), intent_questions())
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    args.rows.write_bytes(pickle.dumps(found))
    print(f"{len(found)} rows → {args.rows}")


if __name__ == "__main__":
    main()
