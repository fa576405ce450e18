"""Out of scope judged by writers it never saw (issue 14, ADR 77).

    .venv/bin/python scripts/knowledge_outside.py collect   # rows → build/knowledge-outside-rows.pkl
    .venv/bin/python scripts/knowledge_outside.py probe     # writer-held-out figures

``collect`` decides every dev-side question once as the shipped answerer does (blind dev's
writers K1 and K2, the own dev set, writers K3 and K4 of
``training-data/kennisbank-questions*.jsonl``) and keeps the evidence. ``probe`` holds out each
writer in turn (see :mod:`reisgenoot.bench.knowledge_outside`). Blind test and the own test set
are never read.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-outside-rows.pkl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe"))
    parser.add_argument("--rows", type=Path, default=ROWS, help="the collected rows")
    args = parser.parse_args()
    from reisgenoot.bench.knowledge_outside import collect_rows, probe_report

    if args.step == "probe":
        rows = pickle.loads(args.rows.read_bytes())  # noqa: S301 - our own build file
        print("\n".join(probe_report(rows)))
        return
    found = collect_rows(progress=lambda m: print(m, file=sys.stderr))
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    args.rows.write_bytes(pickle.dumps(found))
    print(f"{len(found)} rows → {args.rows}")


if __name__ == "__main__":
    main()
