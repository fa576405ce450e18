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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-outside-rows.pkl"


def _rows(path: Path = ROWS) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        found: list[dict[str, Any]] = pickle.load(handle)  # noqa: S301 - our own build file
    return found


def collect(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_outside import collect_rows

    rows = collect_rows(progress=lambda m: print(m, file=sys.stderr))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} rows → {path}")


def probe(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_outside import probe_report

    print("\n".join(probe_report(_rows(path))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe"))
    args = parser.parse_args()
    {"collect": collect, "probe": probe}[args.step]()


if __name__ == "__main__":
    main()
