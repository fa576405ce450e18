"""The UPL recipe measured as the mean and spread over refits (issue 15, ADR 57).

    .venv/bin/python scripts/upl_refits.py [--refits 3] [--members 1] [--cache FILE]

Fits ``--refits`` models with the recipe of ``scripts/train_upl.py``, each with other random
draws: refit ``i`` takes its generated utterances with seed ``7 + i`` and, when ``--members`` > 1,
bags that many regressions on examples reweighted with seed ``i``
(:func:`reisgenoot.language.linear.fit`). For each it counts how often the main question's
product is the gold one on blind dev (per writer) and on the own set (``evaluation/assist``),
then prints the mean and the range. Counts only, no item text; blind dev only, never ``test``.
A refit moves blind dev by several conversations (ADR 44, 50): compare recipes by these ranges,
not by one fit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_upl  # noqa: E402

from reisgenoot.assist import embedding, topics, upl_model  # noqa: E402
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.learning.registry import ACTIVE  # noqa: E402

SETS = {
    "blind dev": ROOT / "evaluation" / "blind" / "transcripts" / "dev",
    "own": ROOT / "evaluation" / "assist",
}


def conversations(folder: Path) -> list[tuple[str, str, list[AnalysedTurn]]]:
    """(writer, gold main product, analysed turns) of every conversation in ``folder``."""
    found = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            turns = read_transcript(folder / "transcripts" / str(item["source"])).turns
            found.append(
                (str(item.get("writer", "")), item["vragen"][0]["upl"], analyse_turns(turns))
            )
    return found


def count(model: Path | None, items: list[tuple[str, str, list[AnalysedTurn]]]) -> Counter[str]:
    """Main product right, in all and per writer, with the model in folder ``model``."""
    right: Counter[str] = Counter()
    with ACTIVE.using(topics.LEARNER, model):
        for writer, gold, turns in items:
            hit = topics.detect_questions(turns)[0].upl == gold
            right["all"] += hit
            right[writer or "-"] += hit
    return right


def fit_one(refit: int, members: int, args: argparse.Namespace, folder: Path) -> Path:
    items = train_upl.examples(7 + refit)
    vectors = train_upl.example_vectors(items, args.cache)
    model = upl_model.train(items, vectors=vectors, c=args.c, members=members, seed=refit)
    (folder / str(refit)).mkdir()
    model.save(folder / str(refit) / upl_model.DEFAULT_FILE)
    return folder / str(refit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refits", type=int, default=3)
    parser.add_argument("--members", type=int, default=upl_model.MEMBERS)
    parser.add_argument("--c", type=float, default=upl_model.C)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    sets = {name: conversations(folder) for name, folder in SETS.items()}
    said = [
        t.text for items in sets.values() for _, _, turns in items for t in turns if t.is_resident
    ]
    said = list(dict.fromkeys(t for t in said if t.strip()))
    if args.cache:  # the turns' vectors once, from the same cache as the examples'
        embedding.preload(dict(zip(said, train_upl.vectors_for(said, args.cache), strict=True)))
    results: dict[str, list[Counter[str]]] = {name: [] for name in sets}
    with tempfile.TemporaryDirectory() as tmp:
        for refit in range(args.refits):
            folder = fit_one(refit, args.members, args, Path(tmp))
            for name, items in sets.items():
                results[name].append(count(folder, items))
                print(f"refit {refit} {name}: {dict(sorted(results[name][-1].items()))}")
    for name, counts in results.items():
        figures: list[Any] = [c["all"] for c in counts]
        print(
            f"{name}: mean {statistics.mean(figures):.1f} of {len(sets[name])}, "
            f"range {min(figures)}–{max(figures)} ({args.refits} refits, {args.members} members)"
        )


if __name__ == "__main__":
    main()
