"""Train the kennisbank's models: question understanding, re-ranker, confidence and hand-off.

    .venv/bin/python scripts/knowledge_models.py [--heads] [--ranking]

Both steps run when neither is named. scikit-learn is used here only (the ``bench`` extra);
the package runs the results with numpy.

1. ``--heads`` → ``src/reisgenoot/knowledge/data/understanding.{json,npz}`` by
   :func:`reisgenoot.knowledge.understanding_train.train`: logistic regressions over the e5 query vector and the question's words and word pairs
   (:func:`reisgenoot.knowledge.understanding.grams`), trained on the training corpus only:
   intent and situation (``training-data/intent.jsonl``), escalate (``training-data/tone.jsonl``)
   and the UPL product (``training-data/upl.jsonl``, e5 only); with ``--extra-questions`` also
   ``training-data/questions-extra.jsonl`` (the variant of ADR 46). Each head also gets a lexical
   variant for installations without e5. The person gate's own-case head (ADR 89) is fitted
   on all four intent writers (``intent.jsonl`` and ``intent-more.jsonl``). The e5 vectors are cached in
   ``build/knowledge-train-e5.npz`` (not committed; the first run embeds ~6,400 texts, a few
   minutes on two cores).
   ``--planning`` trains the intent label set of ADR 87 (schedules of ``intent.jsonl`` as
   ``planning`` and the writers of ``intent-more.jsonl``; measured, not shipped), ``--out``
   writes the heads into another folder (read with ``REISGENOOT_KB_UNDERSTANDING``) and
   ``--keep-product`` keeps the shipped product head instead of refitting it (it reads
   ``upl.jsonl`` only, so a refit gives the same head).
   ``--writer-products`` refits only the product head, on ``upl.jsonl`` plus the writers'
   answerable kennisbank questions (``training-data/kennisbank-questions*.jsonl``) under the
   UPL product of their target article, and keeps the other heads as they are (tried, not
   shipped: ADR 66).
2. ``--ranking`` → ``src/reisgenoot/knowledge/data/calibration.json``: the re-ranker, the
   confidence and in-scope models and the hand-off gate, fitted on the development sets only
   (``evaluation/knowledge/dev.jsonl`` and ``evaluation/blind/kennisbank/dev.jsonl``) plus
   questions from ``training-data/upl.jsonl`` whose product the kennisbank covers; thresholds are
   chosen by cross-validation on blind dev (see :mod:`reisgenoot.bench.knowledge_fit`). The
   frozen test sets are never read. With ``--writer-questions`` the re-ranker also learns from
   the writers' answerable questions and their target article (tried, not shipped: ADR 66).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "reisgenoot" / "knowledge" / "data"
TRAINING = ROOT / "training-data"
CACHE = ROOT / "build" / "knowledge-train-e5.npz"


def train_heads(
    extra: bool = False, out: Path = DATA, keep_product: bool = False, planning: bool = False
) -> None:
    import numpy as np

    from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
    from reisgenoot.knowledge.understanding_train import Examples, train, with_gate_intent

    embedder = CachedEmbedder(E5Embedder(), CACHE)
    examples = Examples.from_folder(TRAINING, extra=extra, planning=planning)
    if keep_product:  # the product head reads upl.jsonl only: take the shipped one as it is
        examples.upl = []
    trained = train(examples, embedder)
    # The person gate's own-case head, from all four intent writers (ADR 89).
    trained = with_gate_intent(trained, TRAINING, embedder)
    embedder.save()
    if keep_product:
        meta = json.loads((DATA / "understanding.json").read_text(encoding="utf-8"))
        trained.meta["heads"]["product"] = meta["heads"]["product"]
        with np.load(DATA / "understanding.npz") as stored:
            for name in stored.files:
                if name.startswith("product."):
                    trained.arrays[name] = stored[name]
    trained.save(out)
    heads = trained.meta["heads"]
    print(
        f"heads: {len(trained.meta['vocabulary'])} terms, {len(heads['product']['classes'])} products"
    )


def train_writer_products() -> None:
    """Refit the product head with the writers' questions; the other heads stay as shipped."""
    import numpy as np

    from reisgenoot.bench.knowledge import _kennisbank_files
    from reisgenoot.bench.knowledge_items import writer_questions
    from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
    from reisgenoot.knowledge.ingest import read_all
    from reisgenoot.knowledge.understanding_train import Examples, fit_product

    upl = {a.source_id: a.upl for a in read_all(_kennisbank_files()) if a.upl}
    rows = Examples.from_folder(TRAINING).upl
    known = {r["upl"] for r in rows}
    writers = [
        {"text": q["query"], "upl": upl[q["preferred"]]}
        for q in writer_questions(TRAINING, set(upl))
        if upl[q["preferred"]] in known
    ]
    meta = json.loads((DATA / "understanding.json").read_text(encoding="utf-8"))
    with np.load(DATA / "understanding.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    embedder = CachedEmbedder(E5Embedder(), CACHE)
    meta["heads"]["product"] = fit_product(arrays, [*rows, *writers], embedder)
    embedder.save()
    text = json.dumps(meta, ensure_ascii=False, indent=0) + "\n"
    (DATA / "understanding.json").write_text(text, encoding="utf-8")
    with (DATA / "understanding.npz").open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    print(f"product head: {len(rows)} upl.jsonl utterances + {len(writers)} writers' questions")


def train_ranking(writers: bool = False) -> None:
    from reisgenoot.bench.knowledge_fit import fit_all, write_calibration

    calibration, report = fit_all(writers=writers)
    write_calibration(calibration)
    print(json.dumps(report, indent=1, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", action="store_true", help="train the understanding heads")
    parser.add_argument("--ranking", action="store_true", help="fit re-ranker and hand-off")
    parser.add_argument(
        "--extra-questions",
        action="store_true",
        help="heads also from training-data/questions-extra.jsonl (tried, not shipped: ADR 46)",
    )
    parser.add_argument(
        "--writer-products",
        action="store_true",
        help="refit only the product head, also on the writers' questions (ADR 66)",
    )
    parser.add_argument(
        "--writer-questions",
        action="store_true",
        help="the re-ranker also from the writers' questions (tried, not shipped: ADR 66)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA,
        help="write the heads here (default: the package data; another folder is read with "
        "REISGENOOT_KB_UNDERSTANDING)",
    )
    parser.add_argument(
        "--keep-product",
        action="store_true",
        help="with --heads: keep the shipped product head (it reads upl.jsonl only) instead "
        "of refitting it",
    )
    parser.add_argument(
        "--planning",
        action="store_true",
        help="with --heads: the intent label set of ADR 87 (schedules as planning, the writers "
        "of intent-more.jsonl; measured, not shipped)",
    )
    args = parser.parse_args()
    if args.writer_products:
        train_writer_products()
    both = not (args.heads or args.ranking or args.writer_products)
    if args.heads or both:
        train_heads(args.extra_questions, args.out, args.keep_product, args.planning)
    if args.ranking or both:
        from reisgenoot.knowledge import understanding

        understanding.query_models.cache_clear()
        train_ranking(args.writer_questions)


if __name__ == "__main__":
    main()
