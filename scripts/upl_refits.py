"""The UPL recipe measured as the mean and spread over refits, paired (issue 15, ADR 57).

    .venv/bin/python scripts/upl_refits.py [--refits 2] [--bootstraps 1,2,3] [--cache FILE]
        [--more 1[:12[:U3,U4]]]... [--members 1] [--neighbours 16] [--shipped]
        [--average K] [--retrain-chooser] [--conversations]

Every refit fits the linear model of ``scripts/train_upl.py`` and builds its nearest-example
file (:mod:`reisgenoot.assist.upl_neighbours`) from the same examples, with other random draws:

- full refit ``i`` (``--refits``): the generated utterances drawn with seed ``7 + i``;
- Bayesian bootstrap ``s`` (``--bootstraps``): every example kept, its weight times a draw from
  Exp(1) that depends on the seed and the example's text only (the product-name texts kept at
  weight 1), so a recipe with more examples is reweighted the same on the examples it shares.

For each refit it counts how often the main question's product is the gold one on blind dev
(per writer) and on the own set (``evaluation/assist``). With ``--more WEIGHT[:ITEMS]`` (the
utterances of ``training-data/upl-more.jsonl`` at that weight, items 1, 2 or both; ADR 62) every
refit is also fitted with them, and the paired difference per refit is printed: a refit of the same recipe moves blind dev by
several conversations (ADR 44, 50), so compare recipes by paired differences over refits, not by
one fit. ``--shipped`` also counts the packaged files. Counts only, no item text; blind dev
only, never ``test``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_main_question  # noqa: E402
import train_upl  # noqa: E402

from reisgenoot.assist import embedding, main_question, topics, upl_model, upl_neighbours  # noqa: E402
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.learning.registry import ACTIVE  # noqa: E402

SETS = {
    "blind dev": ROOT / "evaluation" / "blind" / "transcripts" / "dev",
    "own": ROOT / "evaluation" / "assist",
}
Conversation = tuple[str, str, list[AnalysedTurn]]
Recipe = tuple[list[dict[str, Any]], list[list[float]]]  # examples, factors per averaged fit


def conversations(folder: Path) -> list[Conversation]:
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


@contextmanager
def using(model: Path | None, near: upl_neighbours.Neighbours | None) -> Iterator[None]:
    """The model in folder ``model`` and the neighbours ``near`` as the active ones."""
    packaged = upl_neighbours.packaged
    upl_neighbours.packaged = lambda: near  # type: ignore[assignment]
    try:
        with ACTIVE.using(topics.LEARNER, model):
            yield
    finally:
        upl_neighbours.packaged = packaged


def count(
    items: list[Conversation], learned: main_question.Chooser | None = None
) -> tuple[Counter[str], Counter[str]]:
    """Main product right, in all and per writer, with the active model and neighbours: with
    the learned main-question choice (:mod:`reisgenoot.assist.main_question`; ``learned``, or
    the packaged one) and with the earlier rule (most words)."""
    right: Counter[str] = Counter()
    rule: Counter[str] = Counter()
    for writer, gold, turns in items:
        questions, sizes = topics.candidate_questions(turns)
        spans = [q.turns for q in questions]
        for found, chooser in ((right, learned or main_question.packaged()), (rule, _RULE)):
            main = main_question.order(turns, spans, sizes, chooser)[0]
            found["all"] += questions[main].upl == gold
            found[writer or "-"] += questions[main].upl == gold
    return right, rule


_RULE = main_question.Chooser((1.0, 0.0, 0.0, 0.0, 0.0))  # the earlier rule: size alone


def draw(seed: int, item: dict[str, Any]) -> float:
    """The Exp(1) draw of a Bayesian bootstrap for one example: from the seed and its text."""
    if item.get("kind") == "names":
        return 1.0
    key = hashlib.sha1(f"{seed}\t{item['upl']}\t{item['text']}".encode(), usedforsecurity=False)
    return float(np.random.default_rng(int(key.hexdigest()[:15], 16)).exponential(1.0))


def fit(
    recipe: Recipe, args: argparse.Namespace, folder: Path, seed: int
) -> tuple[Path, upl_neighbours.Neighbours | None]:
    items, factors = recipe
    vectors = train_upl.example_vectors(items, args.cache)
    model = upl_model.train(
        items,
        vectors=vectors,
        c=args.c,
        members=args.members,
        seed=seed,
        member_weights=factors,
    )
    folder.mkdir(parents=True)
    model.save(folder / upl_model.DEFAULT_FILE)
    near = None
    if args.neighbours:
        kinds = [e.get("kind", "utterance") for e in items]
        near = upl_neighbours.build(
            vectors, [e["upl"] for e in items], kinds, weight=args.neighbours
        )
    return folder, near


def recipes(refit: str, args: argparse.Namespace) -> dict[str, Recipe]:
    """The examples of each recipe for one refit (``full:i`` or ``boot:s``), and with
    ``--average K`` the factors of the K fits it averages (full refit ``i``: the generated
    utterances drawn with seeds ``7 + i·K`` … ``7 + i·K + K − 1``; a bootstrap: ``7`` …)."""
    kind, number = refit.split(":")
    seed = 7 + int(number) * args.average if kind == "full" else 7
    found = {} if args.skip_base else {"base": train_upl.examples(seed)}
    for variant in args.more:
        weight, _, rest = variant.partition(":")
        items, _, writers = rest.partition(":")
        found[f"more {variant}"] = train_upl.examples(
            seed,
            more=True,
            more_weight=float(weight),
            more_items=items or train_upl.MORE_ITEMS,
            more_writers=frozenset(w for w in writers.split(",") if w),
        )
    if args.conversations:  # every recipe also with the conversations of C4–C7
        for name, items in list(found.items()):
            more = train_upl.transcript_examples(train_upl.MORE_CONVERSATIONS)
            known = {e["upl"] for e in items}
            found[f"{name} + conversations"] = items + [e for e in more if e["upl"] in known]
    seeds = list(range(seed, seed + args.average))
    result: dict[str, Recipe] = {}
    for name, items in found.items():
        factors: list[list[float]] = []
        if args.average > 1:
            items, factors = train_upl.averaged_examples(seeds, items)
        if kind == "boot":
            items = [
                {**e, "weight": float(e.get("weight", 1.0)) * draw(int(number), e)} for e in items
            ]
        result[name] = (items, factors)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refits", type=int, default=2)
    parser.add_argument("--bootstraps", default="1,2,3", help="seeds, comma-separated")
    parser.add_argument("--full", default="", help="these full refits (comma-separated numbers)")
    parser.add_argument("--members", type=int, default=upl_model.MEMBERS)
    parser.add_argument(
        "--average",
        type=int,
        default=train_upl.AVERAGE,
        help="each refit averages this many fits with other draws of the generated utterances",
    )
    parser.add_argument("--c", type=float, default=upl_model.C)
    parser.add_argument("--neighbours", type=float, default=upl_neighbours.WEIGHT)
    parser.add_argument(
        "--more",
        action="append",
        default=[],
        help="also with upl-more.jsonl: WEIGHT[:ITEMS[:WRITERS]], e.g. 1, 1:1e (item 1, item 2's "
        "ending) or 1:12:U3,U4 (only those writers)",
    )
    parser.add_argument("--shipped", action="store_true", help="also the packaged files")
    parser.add_argument(
        "--retrain-chooser",
        action="store_true",
        help="retrain the main-question choice on each fit (else the packaged one)",
    )
    parser.add_argument("--skip-base", action="store_true", help="only the --more recipes")
    parser.add_argument(
        "--conversations",
        action="store_true",
        help="every recipe also with the conversations of training-data/transcripts-more",
    )
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    sets = {name: conversations(folder) for name, folder in SETS.items()}
    said = [
        t.text for items in sets.values() for _, _, turns in items for t in turns if t.is_resident
    ]
    said = list(dict.fromkeys(t for t in said if t.strip()))
    if args.cache:  # the turns' vectors once, from the same cache as the examples'
        embedding.preload(dict(zip(said, train_upl.vectors_for(said, args.cache), strict=True)))
    if args.shipped:
        with using(None, upl_neighbours.packaged()):
            for name, conversation in sets.items():
                chosen, rule = count(conversation)
                print(f"shipped {name}: {dict(sorted(chosen.items()))}", flush=True)
                print(f"shipped {name} (earlier rule): {dict(sorted(rule.items()))}", flush=True)
    full = [int(i) for i in args.full.split(",") if i.strip()] if args.full else range(args.refits)
    refits = [f"full:{i}" for i in full]
    refits += [f"boot:{s}" for s in args.bootstraps.split(",") if s.strip()]
    results: dict[str, dict[str, list[Counter[str]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, refit in enumerate(refits):
            for recipe, examples in recipes(refit, args).items():
                folder = Path(tmp) / f"{recipe}-{number}"
                model, near = fit(examples, args, folder, number)
                with using(model, near):
                    learned = None
                    if args.retrain_chooser:  # as scripts/train_main_question.py, on this fit
                        folders: tuple[Path, ...] = (train_main_question.TRAINING,)
                        if recipe.endswith("conversations"):
                            folders += (train_main_question.MORE,)
                        taught = train_main_question.groups(folders, cache=args.cache)
                        learned = main_question.train(taught)
                    for name, conversation in sets.items():
                        chosen, rule = count(conversation, learned)
                        for label, found in ((recipe, chosen), (f"{recipe} (earlier rule)", rule)):
                            results.setdefault(label, {}).setdefault(name, []).append(found)
                            print(
                                f"{refit} {label} {name}: {dict(sorted(found.items()))}", flush=True
                            )
    summary(results, refits, sets)


def summary(
    results: dict[str, dict[str, list[Counter[str]]]],
    refits: list[str],
    sets: dict[str, list[Conversation]],
) -> None:
    for recipe, by_set in results.items():
        for name, counts in by_set.items():
            figures = [c["all"] for c in counts]
            print(
                f"{recipe} {name}: mean {statistics.mean(figures):.1f} of {len(sets[name])}, "
                f"range {min(figures)}–{max(figures)} over {len(refits)} refits"
            )
    if "base" not in results:
        return
    pairs = [("base (earlier rule)", "base", "learned main-question choice")]
    for recipe in results:
        if recipe.startswith("more") and not recipe.endswith("(earlier rule)"):
            pairs.append(("base", recipe, f"upl-more.jsonl ({recipe})"))
            pairs.append(("base (earlier rule)", recipe, f"both ({recipe})"))
    for before, after, what in pairs:
        for name in sets:
            base, more = results[before][name], results[after][name]
            for key in sorted({k for c in base + more for k in c}):
                diffs = [m[key] - b[key] for b, m in zip(base, more, strict=True)]
                spread = statistics.stdev(diffs) if len(diffs) > 1 else 0.0
                print(
                    f"paired gain of {what}, {name} [{key}]: mean {statistics.mean(diffs):+.1f} "
                    f"(range {min(diffs):+d} … {max(diffs):+d}, sd {spread:.1f}), "
                    f"{sum(d > 0 for d in diffs)} of {len(diffs)} better, "
                    f"{sum(d < 0 for d in diffs)} worse"
                )


if __name__ == "__main__":
    main()
