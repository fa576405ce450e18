"""Train the learned name tagger of personal-data detection (``language/data/pii/name_tagger.npz``).

    .venv/bin/python scripts/train_pii_tagger.py [--c 0.5] [--min-count 2]

The shipped file (ADR 76) is made by ``--extra training-data/pii-more.jsonl --openings 1.0
--words 0.35 --markup 200 --blend 0.5``: with the later writers, the sentences
``scripts/pii_tagger_positions.py`` derives (full names and capitalised rare words opening a
sentence, name-free lines in markup), mixed half and half with the fit of the default recipe.

Trained on ``training-data/pii.jsonl`` (1,600 sentences by two writers who never saw the
code or the evaluation sets), ``training-data/pii_templates.jsonl`` (600 template sentences by
``scripts/make_pii_name_data.py``), ``training-data/pii_variants.jsonl`` (2,000 generated
sentences by ``scripts/make_pii_variant_data.py``) plus lines of the shipped Rijksoverheid Q&A without a name; never
on ``evaluation/``. ``--extra training-data/pii-more.jsonl`` adds the 1,000 sentences of the later
writers Q3 and Q4 (in the shipped weights since ADR 73; measured and not adopted before the
boundary rules of ADR 68: ADR 67). Each token gets the gold label ``B``, ``I`` or ``O`` from the ``naam``
spans; its features (:class:`reisgenoot.language.pii_tagger.Context`) include what the
rule-based recogniser said about it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pii_tagger_positions as positions  # noqa: E402

from reisgenoot.language import linear, pii, pii_tagger  # noqa: E402

DATA = ROOT / "training-data" / "pii.jsonl"
# Template sentences from scripts/make_pii_name_data.py (a first name alone, a surname said
# twice, a name before "van de <street>", businesses and the spelling alphabet).
TEMPLATES = ROOT / "training-data" / "pii_templates.jsonl"
# Generated sentences with personal data in many forms and names of many origins, by
# scripts/make_pii_variant_data.py (its held-out split is evaluation/pii/variants-heldout.jsonl).
VARIANTS = ROOT / "training-data" / "pii_variants.jsonl"
QA = ROOT / "src" / "reisgenoot" / "demo" / "data"
QA_LINES = 800
OUT = ROOT / "src" / "reisgenoot" / "language" / "data" / "pii" / pii_tagger.MODEL_FILE


class Recipe(NamedTuple):
    """What is derived from the labelled sentences (ADR 76): the share of the writers'
    sentences also given from a name on (a name opening the sentence), and how many name-free
    lines are also given wrapped in markup."""

    openings: float = 0.0
    markup: int = 0
    words: float = 0.0


def gold_tags(toks: list[pii_tagger.Token], names: list[tuple[int, int]]) -> list[str]:
    tags = []
    for tok in toks:
        tag = "O"
        for start, end in names:
            if tok.start < end and start < tok.end:
                tag = "B" if tok.start <= start else "I"
        tags.append(tag)
    return tags


def labelled_texts(
    extra: tuple[Path, ...] = (), qa_lines: int = QA_LINES, recipe: Recipe | None = None
) -> list[tuple[str, list[tuple[int, int]]]]:
    """The labelled sentences, plus lines of the shipped Rijksoverheid Q&A as sentences without
    a name (written Dutch with capitalised words that are not names: "Geheimhouding van …");
    a line where the rules see a name is left out, so no name is taught as ``O``."""
    return [(text, names) for _writer, text, names in labelled_items(extra, qa_lines, recipe)]


def labelled_items(
    extra: tuple[Path, ...] = (), qa_lines: int = QA_LINES, recipe: Recipe | None = None
) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """:func:`labelled_texts` with each sentence's writer (``""`` when it has none: the
    templates, the generated variants and the Q&A lines), and the sentences ``recipe``
    derives from them (ADR 76: the writers' names opening a sentence, markup)."""
    recipe = recipe or Recipe()
    items: list[tuple[str, str, list[tuple[int, int]]]] = []
    for path in (DATA, TEMPLATES, VARIANTS, *extra):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    names = [
                        (e["start"], e["end"]) for e in item["entities"] if e["type"] == "naam"
                    ]
                    items.append((item.get("writer", ""), item["text"], names))
    detector = pii.Detector(learned_names=False)
    lines: list[str] = []
    for path in sorted(QA.glob("rijksoverheid_vacs_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                lines += [row["question"], *row["reference_answer"].splitlines()]
    clean = [
        text
        for text in dict.fromkeys(t.strip(" -") for t in lines)
        if 20 <= len(text) <= 300 and not any(e.type == "naam" for e in detector.detect(text))
    ]
    random.Random(7).shuffle(clean)
    items += positions.opening_names(items, recipe.openings) + positions.opening_words(
        items, recipe.words, pii_tagger.common_words()
    )
    items += positions.markup_lines(clean[qa_lines:], recipe.markup)
    items += [("", text, []) for text in clean[:qa_lines]]
    return items


def sentence_rows(
    detector: pii.Detector, text: str, names: list[tuple[int, int]], missed: list[int]
) -> tuple[list[dict[str, float]], list[str]]:
    """The feature rows and gold labels of the scored tokens of one sentence; tokens that are
    no candidate are counted in ``missed`` (other tokens, name tokens)."""
    toks = pii_tagger.tokens(text)
    spans = detector.rule_spans(text)
    context = pii_tagger.Context(text, toks, pii_tagger.rule_tags(toks, spans))
    tags = gold_tags(toks, names)
    previous = ["<s>", *tags[:-1]]
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    for i, tag in enumerate(tags):
        if not context.candidate(i):
            missed[tag != "O"] += 1
            continue
        feats = context.row(i) + context.previous_row(i, previous[i])
        rows.append(dict.fromkeys(feats, 1.0))
        labels.append(tag)
    return rows, labels


def rows_and_labels(
    extra: tuple[Path, ...] = (), qa_lines: int = QA_LINES, recipe: Recipe | None = None
) -> tuple[list[dict[str, float]], list[str]]:
    detector = pii.Detector()
    rows: list[dict[str, float]] = []
    labels: list[str] = []
    missed = [0, 0]
    for text, names in labelled_texts(extra, qa_lines, recipe):
        more_rows, more_labels = sentence_rows(detector, text, names, missed)
        rows += more_rows
        labels += more_labels
    print(f"not scored: {missed[False]} other tokens, {missed[True]} name tokens")
    return rows, labels


def blend(
    first: linear.LinearModel, second: linear.LinearModel, share: float
) -> linear.LinearModel:
    """One model whose scores are the mix of two taggers' scores (``share`` of ``second``'s):
    the mean of their logits, so it runs as fast as either (ADR 76: the shipped recipe and the
    refit with the later writers)."""
    assert first.classes == second.classes and not first.dim and not second.dim
    names = sorted(set(first.features) | set(second.features))
    rows, cols, weights = [], [], []
    for i, name in enumerate(names):
        vector = [0.0] * len(first.classes)
        for model, part in ((first, 1.0 - share), (second, share)):
            row = model.features.get(name)
            if row is not None:
                start, end = int(model.sparse_start[row]), int(model.sparse_start[row + 1])
                for k in range(start, end):
                    vector[int(model.sparse_class[k])] += part * float(model.sparse_weight[k])
        for j, weight in enumerate(vector):
            if weight:
                rows.append(i)
                cols.append(j)
                weights.append(weight)
    intercept = (1.0 - share) * first.intercept + share * second.intercept
    return linear.from_triples(first.classes, names, rows, cols, weights, first.dense, intercept)


def count_common_words(transcripts: bool = False) -> dict[str, int]:
    """Lower-case words in mixed-case training texts: there a name would have a capital."""
    counts: dict[str, int] = {}
    texts: list[str] = []
    for name in ("upl.jsonl", "intent.jsonl", "tone.jsonl", "pii.jsonl"):
        with (ROOT / "training-data" / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    # The Rijksoverheid questions and answers the project ships (CC0): broad written Dutch.
    for path in sorted(QA.glob("rijksoverheid_vacs_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [
                row["question"] + "\n" + row["reference_answer"] for row in csv.DictReader(handle)
            ]
    if transcripts:  # measured, not adopted (ADR 73)
        texts += transcript_turns()
    for text in texts:
        if not any(c.isupper() for c in text):
            continue
        for tok in pii_tagger.tokens(text):
            word = tok.text
            if word.isalpha() and word.islower():
                counts[word] = counts.get(word, 0) + 1
    return counts


def transcript_turns() -> list[str]:
    """The turns of the written conversations in ``training-data/transcripts`` and
    ``transcripts-extra`` (JSON turns and ``speaker: text`` lines; speech transcripts are in
    lower case and add nothing): everyday Dutch of residents and employees."""
    turns: list[str] = []
    for folder in ("transcripts", "transcripts-extra"):
        for path in sorted((ROOT / "training-data" / folder / "transcripts").iterdir()):
            if path.suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
                turns += [turn["text"] for turn in data.get("turns", [])]
            elif path.suffix == ".txt":
                lines = path.read_text(encoding="utf-8").splitlines()
                turns += [line.partition(":")[2] for line in lines if ":" in line]
    return turns


def write_common_words(counts: dict[str, int]) -> None:
    path = OUT.parent / pii_tagger.COMMON_FILE
    lines = [
        "# Lower-case words of the mixed-case texts in training-data/ and the shipped",
        "# Rijksoverheid Q&A (CC0) with their counts; made by scripts/train_pii_tagger.py.",
    ]
    lines += [f"{w}\t{n}" for w, n in sorted(counts.items()) if n >= 2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pii_tagger.common_words.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--c", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--extra", type=Path, action="append", default=[], help="more labelled JSON Lines"
    )
    parser.add_argument("--qa-lines", type=int, default=QA_LINES)
    parser.add_argument(
        "--transcript-words", action="store_true", help="count common words in transcripts too"
    )
    parser.add_argument("--openings", type=float, default=0.0, help="share, ADR 76")
    parser.add_argument("--markup", type=int, default=0, help="lines, ADR 76")
    parser.add_argument("--words", type=float, default=0.0, help="share, ADR 76")
    parser.add_argument(
        "--blend", type=float, default=1.0, help="share of this fit beside the default's, ADR 76"
    )
    args = parser.parse_args()
    write_common_words(count_common_words(args.transcript_words))
    recipe = Recipe(args.openings, args.markup, args.words)
    fit = {"c": args.c, "min_count": args.min_count, "max_iter": 1000}
    rows, labels = rows_and_labels(tuple(args.extra), args.qa_lines, recipe)
    model = linear.fit(rows, labels, **fit)
    if args.blend < 1.0:  # mixed with the fit of the default recipe (ADR 76)
        model = blend(linear.fit(*rows_and_labels((), args.qa_lines), **fit), model, args.blend)
    model.save(args.out)
    print(f"{len(rows)} tokens, {len(model.features)} features -> {args.out}")


if __name__ == "__main__":
    main()
