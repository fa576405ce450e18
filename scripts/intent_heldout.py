"""The intent head held out per writer: accuracy, per-class recall and the confusions.

    .venv/bin/python scripts/intent_heldout.py [--extra FILE ...] [--base I1 I2]
        [--merge planning=termijn] [--lexical]

Trains the intent head of :mod:`reisgenoot.knowledge.understanding_train` (e5 + words, the
shipped C) on every writer of ``training-data/intent.jsonl`` (plus the ``--extra`` files, rows
with the same fields, e.g. ``intent-more.jsonl``) but one and reads the held-out writer's
questions; prints the accuracy per held-out writer, the mean over writers, recall per class
and the most frequent confusions. ``--base``: also the accuracy on every other writer of a
head trained on the base writers only (what more writers add); ``--merge a=b``: read label
``a`` as ``b`` in training and scoring (the label set before ``a`` came in, ADR 87).
Also reads a few known questions (the browser's) with the model trained on all rows. The e5
vectors are cached in ``build/knowledge-train-e5.npz`` (shared with
``scripts/knowledge_models.py``).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training-data"
CACHE = ROOT / "build" / "knowledge-train-e5.npz"
PROBES = (
    "Wanneer wordt oud papier opgehaald?",
    "ik wil mijn paspoort verlengen",
    "Mijn kliko is niet geleegd",
    "wanneer is het stadhuis open",
    "hoe lang duurt een paspoort aanvragen",
    "wanneer komt de vuilniswagen bij ons",
)


def load(paths: list[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


def features(rows: list[dict[str, Any]], embedder: Any, terms: list[str], lexical: bool) -> Any:
    from reisgenoot.knowledge.understanding_train import lexical_matrix

    texts = [r["text"] for r in rows]
    words = lexical_matrix(texts, terms)
    if lexical:
        return words
    return np.hstack([embedder.embed_queries(texts), words])


def probe(
    rows: list[dict[str, Any]], tone: list[dict[str, Any]], embedder: Any, c: float, lexical: bool
) -> None:
    """The two likeliest intents of each of :data:`PROBES` by a head trained on all ``rows``."""
    from sklearn.linear_model import LogisticRegression

    from reisgenoot.knowledge.understanding_train import vocabulary

    terms = vocabulary([r["text"] for r in rows] + [r["text"] for r in tone])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(features(rows, embedder, terms, lexical), [r["intent"] for r in rows])
    probes = [{"text": t} for t in PROBES]
    for text, p in zip(
        PROBES, model.predict_proba(features(probes, embedder, terms, lexical)), strict=True
    ):
        top = sorted(zip(model.classes_, p, strict=True), key=lambda kv: -kv[1])[:2]
        print(f"  {text!r}: " + ", ".join(f"{k} {v:.2f}" for k, v in top))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=Path, nargs="*", default=[])
    parser.add_argument("--lexical", action="store_true", help="words only, no e5")
    parser.add_argument("--c", type=float, default=None)
    parser.add_argument("--base", nargs="*", default=[], help="writers of the base head")
    parser.add_argument("--merge", action="append", default=[], help="label=label")
    args = parser.parse_args()

    from sklearn.linear_model import LogisticRegression

    from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
    from reisgenoot.knowledge.understanding_train import C_TEXT, Examples, vocabulary

    rows = load([TRAINING / "intent.jsonl", *args.extra])
    merged = dict(pair.split("=", 1) for pair in args.merge)
    for row in rows:
        row["intent"] = merged.get(row["intent"], row["intent"])
    tone = Examples.from_folder(TRAINING).tone
    embedder = CachedEmbedder(E5Embedder(), CACHE)
    c = args.c or C_TEXT
    writers = sorted({r["writer"] for r in rows})

    def held_out(train: list[dict[str, Any]], test: list[dict[str, Any]]) -> Any:
        terms = vocabulary([r["text"] for r in train] + [r["text"] for r in tone])
        model = LogisticRegression(C=c, max_iter=5000)
        model.fit(features(train, embedder, terms, args.lexical), [r["intent"] for r in train])
        return model.predict(features(test, embedder, terms, args.lexical))

    if args.base:
        base = [r for r in rows if r["writer"] in args.base]
        for writer in [w for w in writers if w not in args.base]:
            test = [r for r in rows if r["writer"] == writer]
            predicted = held_out(base, test)
            right = np.mean([p == r["intent"] for p, r in zip(predicted, test, strict=True)])
            print(f"{writer} read by a head of {'+'.join(args.base)} only: {right:.3f}")
    confusions: Counter[tuple[str, str]] = Counter()
    per_class: dict[str, list[int]] = defaultdict(list)
    accuracies = []
    for writer in writers:
        train = [r for r in rows if r["writer"] != writer]
        test = [r for r in rows if r["writer"] == writer]
        predicted = held_out(train, test)
        right = [int(p == r["intent"]) for p, r in zip(predicted, test, strict=True)]
        accuracies.append(float(np.mean(right)))
        print(f"held out {writer}: {len(test)} questions, intent accuracy {np.mean(right):.3f}")
        for p, r, ok in zip(predicted, test, right, strict=True):
            per_class[r["intent"]].append(ok)
            if not ok:
                confusions[(r["intent"], str(p))] += 1
    print(f"mean over writers: {np.mean(accuracies):.3f}")
    print("recall per class (held out):")
    for name, oks in sorted(per_class.items(), key=lambda kv: np.mean(kv[1])):
        print(f"  {name:22s} {np.mean(oks):.3f}  (n={len(oks)})")
    print("most frequent confusions (gold → read):")
    for (gold, read), n in confusions.most_common(15):
        print(f"  {gold:20s} → {read:20s} {n}")
    probe(rows, tone, embedder, c, args.lexical)
    embedder.save()


if __name__ == "__main__":
    main()
