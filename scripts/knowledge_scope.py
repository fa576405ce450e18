"""Probe and fit: can the kennisbank answer this question? (issue 14, ADR 61)

    .venv/bin/python scripts/knowledge_scope.py collect   # rows → build/knowledge-scope-rows.pkl
    .venv/bin/python scripts/knowledge_scope.py probe     # cross-validated figures on blind dev
    .venv/bin/python scripts/knowledge_scope.py fit [--vector q+qd --c 2]  # calibration.json

``collect`` ranks every question of the dev-side sets as :func:`reisgenoot.bench.knowledge_fit.
fit_all` does (blind dev with out-of-fold re-ranker weights) and keeps per question the
confidence evidence, the question's e5 vector and the vector of the best article's best section.
The sets: blind dev (answerable / out of scope / person, by writer), the own dev set,
``training-data/upl.jsonl`` utterances (a product the kennisbank covers → in scope, a sample
of the others → out of scope) and ``training-data/kennisbank-questions.jsonl`` (writer K3),
when present. Blind test and the own test set are never read.

``probe`` compares, cross-validated on blind dev (5 folds and writer-held-out), the shipped
in-scope design with in-scope models that also read a projection of the e5 vectors learned
from the broad data (see :mod:`reisgenoot.bench.knowledge_scope`).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-scope-rows.pkl"
K3 = ROOT / "training-data" / "kennisbank-questions.jsonl"


def collect(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_scope import collect_rows

    rows = collect_rows(K3 if K3.is_file() else None, progress=lambda m: print(m, file=sys.stderr))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(rows, handle)
    print(f"{len(rows['blind'])} blind dev rows, {len(rows['extra'])} other rows → {path}")


def probe(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge_scope import probe_report

    with path.open("rb") as handle:
        rows: dict[str, Any] = pickle.load(handle)  # noqa: S301 - our own build file
    for line in probe_report(rows):
        print(line)


def fit(path: Path = ROWS, vector: str = "q+qd", c: float = 2.0) -> None:
    from reisgenoot.bench.knowledge_fit import write_calibration
    from reisgenoot.bench.knowledge_scope import fit_scope
    from reisgenoot.knowledge.retrieval import calibration_data

    with path.open("rb") as handle:
        rows: dict[str, Any] = pickle.load(handle)  # noqa: S301 - our own build file
    entries, report = fit_scope(rows, vector=vector, c_vector=c)
    calibration = {**calibration_data(), **entries}
    write_calibration(calibration)
    print({k: v for k, v in report.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe", "fit"))
    parser.add_argument("--vector", default="q+qd", help="projection inputs for fit")
    parser.add_argument("--c", type=float, default=2.0, help="L2 strength of the projection")
    args = parser.parse_args()
    if args.step == "fit":
        fit(vector=args.vector, c=args.c)
    else:
        {"collect": collect, "probe": probe}[args.step]()


if __name__ == "__main__":
    main()
