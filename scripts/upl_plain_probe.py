"""Plain questions about common products: does the UPL model pull them to a rarer sibling?
(issue 15, ADR 75)

    .venv/bin/python scripts/upl_plain_probe.py [FOLDER ...] [--cache FILE] [--prior S]
        [--prior-alpha A]

A folder holds ``upl_model.npz`` and ``upl_neighbours.npz`` (default: the packaged files). The
probe is the writers' kennisbank questions (``training-data/kennisbank-questions*.jsonl``,
writers K3 and K4, never UPL training data) that have a target article: their product is the
article's ``upl`` (``demo/kennisbank``), one of the products residents ask about most. Each
question is classified on its own, as one resident turn. Printed: how many get their product,
and how many of the wrong ones go to a product asked *less* often in the training conversations
(:func:`train_upl.question_counts`) — a plain question pulled to a rarer, more specific
sibling. ``--prior S`` first adds the frequency prior of strength S to each model
(:func:`reisgenoot.assist.upl_model.with_prior`). Counts only, no item text.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_upl  # noqa: E402
import upl_refits  # noqa: E402

from reisgenoot.assist import embedding, topics, upl_model, upl_neighbours  # noqa: E402

KENNISBANK = ROOT / "src" / "reisgenoot" / "demo" / "kennisbank"
QUESTIONS = ("kennisbank-questions.jsonl", "kennisbank-questions-k4.jsonl")


def plain_questions() -> list[tuple[str, str]]:
    """(question, product) of every writer kennisbank question with a target article."""
    product = {}
    for path in KENNISBANK.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^id: (\S+)$", text, re.M), re.search(r"^upl: (.+)$", text, re.M)
        if found[0] and found[1]:
            product[found[0].group(1)] = found[1].group(1).strip()
    items = [item for name in QUESTIONS for item in train_upl._jsonl(train_upl.DATA / name)]
    return [
        (item["query"], product[item["target"]]) for item in items if item.get("target") in product
    ]


def probe(questions: list[tuple[str, str]], counts: dict[str, int]) -> tuple[int, int]:
    """Questions whose product the active model names, and wrong ones given a rarer product."""
    right = rarer = 0
    for text, gold in questions:
        found = topics.classify(text, 1)[0].upl
        right += found == gold
        rarer += found != gold and counts.get(found, 0) < counts.get(gold, 0)
    return right, rarer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--prior", type=float, default=0.0)
    parser.add_argument("--prior-alpha", type=float, default=upl_model.PRIOR_ALPHA)
    args = parser.parse_args()
    questions = plain_questions()
    counts = train_upl.question_counts()
    texts = list(dict.fromkeys(text for text, _ in questions))
    if args.cache:
        embedding.preload(dict(zip(texts, train_upl.vectors_for(texts, args.cache), strict=True)))
    for folder in args.folders or [None]:
        near = upl_neighbours.packaged()
        model = upl_model.load_model()
        if folder is not None:
            near = upl_neighbours.Neighbours.load(folder / upl_neighbours.DEFAULT_FILE)
            model = upl_model.load_model(folder / upl_model.DEFAULT_FILE)
        model = upl_model.with_prior(model, counts, args.prior, args.prior_alpha)
        with tempfile.TemporaryDirectory() as tmp:
            model.save(Path(tmp) / upl_model.DEFAULT_FILE)
            with upl_refits.using(Path(tmp), near):
                right, rarer = probe(questions, counts)
        print(
            f"{folder or 'packaged'}: {right} of {len(questions)} plain questions right; "
            f"{rarer} of the {len(questions) - right} wrong ones given a rarer product"
        )


if __name__ == "__main__":
    main()
