"""Train the packaged UPL classifier of agent assist (``assist/data/upl_model.npz``).

    .venv/bin/python scripts/train_upl.py [--cache FILE] [--c 4] [--dense-scale 4]
        [--members 1] [--neighbours 16] [--neighbours-only] [--more] [--more-writers U3,U4]
        [--average 1] [--conversations] [--prior 0] [--prior-alpha 1]

The shipped files (ADR 75): ``--more --more-writers U3,U4,U5,U6,U7 --average 3 --prior 1``,
then ``scripts/train_main_question.py`` (the prior's counts then came from C1–C7; writers
U8–U11 of ``upl-more.jsonl`` were measured with this recipe and not adopted, ADR 75 addendum
h128).

Examples (format: :mod:`reisgenoot.assist.upl_model`), from ``training-data/``, the product
list (the blind corpus's ``dev`` part only on request, never ``test``):

- ``training-data/upl.jsonl``: 7 utterances per product by two writers;
- ``training-data/transcripts``: the resident's words of each one-question conversation, with
  the gold product;
- each product's name, variants, kennisbank trefwoorden and resident words (``synoniemen.yaml``)
  as one short text;
- a few of the generated utterances of ``assist/data/train.jsonl`` per product
  (``scripts/assist_topics.py``), for products the writers interpreted thinly.

Options tried for issue 15 and not adopted (ADR 44: none named the main product of held-out
blind dev conversations clearly more often than the shipped model):

- ``--specific``: also the labeller's ``specifiek`` description of every question of
  ``training-data/transcripts`` (a paraphrase by another hand);
- ``--balance P``: each example's weight times (mean product total / its product's total) ** P,
  so that products the training conversations cover often weigh no more than rare ones;
- ``--blind-dev``: also the one-question conversations and ``specifiek`` texts of the blind
  corpus's ``dev`` part (never ``test``); a conversation's vector is its resident turns'
  :func:`~reisgenoot.assist.topics.question_vector`, as registration makes it. Trained without
  two of its four writers, the model did worse on the other two (better by 2 of 160 with
  ``--balance 1``);
- ``--extra``: also the one-question conversations of ``training-data/transcripts-extra``
  (110 short KCC conversations written by hand for products the training conversations hold
  rarely or not at all, ADR 50). Named the main product of blind dev 79 times in 160 against
  76 for a refit without them and 82 for the shipped model: within a refit's spread.
- ``--more``: also the 2,689 utterances of ``training-data/upl-more.jsonl`` (writers U3, U4
  and U5, two per product each; ADR 62, docs/evaluation.md): with U3 and U4 only the three
  full-data fits were level (−1, 0, 0); with U5 as well +0, +5, +7 (87–92 of 160), but the fit
  this script makes (seed 7) is 87, below the shipped file's 91 — not adopted.

Beside the model it writes the nearest-example file ``assist/data/upl_neighbours.npz``
(:mod:`reisgenoot.assist.upl_neighbours`, ADR 57: every example's sentence vector, centred on
its kind); ``--neighbours-only`` writes that file alone and keeps the model, ``--neighbours 0``
writes none. ``--members N`` bags N fits on reweighted examples (tried in ADR 57, not adopted:
a bag of a few was no better than one fit on all data).

``--average K`` (ADR 69) averages K fits that differ only in their draw of the generated
utterances (seeds 7 … 7 + K − 1): one regression per draw, each giving weight 0 to the other
draws' utterances, their weights averaged (the mean of their logits), so that no one seed
decides the shipped model. ``--conversations`` also learns from the one-question conversations
of ``training-data/transcripts-more`` (writers C4–C7). Neither is the default: one fit each
was below the shipped files on blind dev (85 and 84 against 90 of 160; docs/evaluation.md, h101).

``--prior S`` (ADR 75) adds S times the log of how often each product is asked in the
training conversations (C1–C7, :func:`question_counts`, plus ``--prior-alpha``) to the fitted
model's intercept: the writers wrote as many utterances for a rare product as for a common
one, so without it a plain question ("Mijn paspoort is verlopen.") went to a rarer sibling
whose utterances share its words (vreemdelingenpaspoort, noodreisdocument). The prior's
strength, alpha and counts are written beside the model (``assist/data/upl_prior.json``), so
that the learner of confirmed work can add a municipality's own counts to them (ADR 75
addendum); without ``--prior`` that file is removed.

Sentence vectors come from the bundled e5 model; ``--cache`` keeps them in an ``.npz`` between
runs (embedding a few thousand texts takes minutes on a busy machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist import tables, upl_model, upl_neighbours  # noqa: E402
from reisgenoot.assist.embedding import DIM, embed_texts  # noqa: E402
from reisgenoot.assist.topics import question_vector  # noqa: E402
from reisgenoot.assist.transcript import read_transcript  # noqa: E402
from reisgenoot.contacts.upl import upl_products  # noqa: E402

DATA = ROOT / "training-data"
BLIND_DEV = ROOT / "evaluation" / "blind" / "transcripts" / "dev"
OUT = ROOT / "src" / "reisgenoot" / "assist" / "data" / upl_model.DEFAULT_FILE
GENERATED_PER_PRODUCT = 4
BALANCE = 0.0
MORE = DATA / "upl-more.jsonl"
MORE_WEIGHT = 1.0  # of each utterance of upl-more.jsonl (those of upl.jsonl: 1)
MORE_ITEMS = "12"  # which items of upl-more.jsonl (:func:`more_examples`)
SEED = 7  # draws the generated utterances
AVERAGE = 1  # fits averaged, each with its own draw of the generated utterances
MORE_CONVERSATIONS = DATA / "transcripts-more"  # writers C4–C7
CONVERSATIONS = False  # learn from MORE_CONVERSATIONS too
# How often each product is asked: every question of the training conversations (C1–C7).
PRIOR_FOLDERS = (DATA / "transcripts", MORE_CONVERSATIONS)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# Speaker labels of an utterance written as a short dialogue ("Medewerker: …\nBeller: …").
_LABEL = re.compile(r"^\s*([A-Za-zÀ-ÿ][\w .-]{0,24}):\s*", re.MULTILINE)
_EMPLOYEE = frozenset({"medewerker", "balie", "baliemedewerker", "kcc", "gemeente", "agent"})


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def resident_words(text: str) -> str:
    """What the resident says in an utterance: an utterance written as a short dialogue keeps
    the lines of the resident (not the employee's), without speaker labels."""
    lines = [line for line in text.splitlines() if line.strip()]
    labelled = [_LABEL.match(line) for line in lines]
    if sum(1 for m in labelled if m) < 2:
        return text
    kept = []
    for line, label in zip(lines, labelled, strict=True):
        if label is None:
            kept.append(line.strip())
        elif label.group(1).strip().lower() not in _EMPLOYEE:
            kept.append(line[label.end() :].strip())
    return " ".join(kept) or text


def ending(text: str) -> str:
    """The last part of a text: its last two sentences when it has three or more, else the
    second half of its words (where item 2 of ``upl-more.jsonl`` comes to the real need)."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    if len(sentences) >= 3:
        return " ".join(sentences[-2:])
    words = text.split()
    return " ".join(words[len(words) // 2 :])


def more_examples(
    path: Path = MORE,
    weight: float = MORE_WEIGHT,
    items: str = MORE_ITEMS,
    writers: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The utterances of ``upl-more.jsonl`` (writers U3, U4, U5; ADR 62): the resident's words.
    Each writer wrote two per product, in this order: item 1 a first message about only this
    need, item 2 a longer opening that first mentions something else and then the real need.
    ``items``: ``1`` and/or ``2`` (the whole item) or ``e`` (item 2's :func:`ending`);
    ``writers``: only theirs (empty: every writer)."""
    if not path.exists():
        return []
    seen: defaultdict[tuple[str, str], int] = defaultdict(int)
    found = []
    for e in _jsonl(path):
        seen[e["writer"], e["upl"]] += 1
        number = seen[e["writer"], e["upl"]]
        if writers and e["writer"] not in writers:
            continue
        text = resident_words(e["text"])
        if number == 2 and "e" in items:
            text = ending(text)
        elif str(number) not in items:
            continue
        found.append({"text": text, "upl": e["upl"], "weight": weight, "kind": "utterance"})
    return found


def question_counts(folders: tuple[Path, ...] = PRIOR_FOLDERS) -> dict[str, int]:
    """How often each product is asked in the conversations of ``folders`` (every question of
    their gold registrations), for the frequency prior (:func:`upl_model.with_prior`)."""
    found: defaultdict[str, int] = defaultdict(int)
    for folder in folders:
        for item in _jsonl(folder / "gold.jsonl"):
            for question in item["vragen"]:
                found[question["upl"]] += 1
    return dict(found)


def transcript_examples(folder: Path) -> list[dict[str, Any]]:
    """The resident's words of each one-question conversation, with its product."""
    result = []
    for item in _jsonl(folder / "gold.jsonl"):
        if len(item["vragen"]) != 1:
            continue
        transcript = read_transcript(folder / "transcripts" / item["source"])
        said = " ".join(t.text for t in transcript.turns if t.is_resident)
        result.append(
            {"text": said, "upl": item["vragen"][0]["upl"], "weight": 2.0, "kind": "conversation"}
        )
    return result


def specific_examples(folder: Path, writers: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The labeller's description (``specifiek``) of every question, with its product (a
    paraphrase by another hand than the conversation's). ``writers``: leave theirs out."""
    return [
        {"text": question["specifiek"], "upl": question["upl"], "kind": "utterance"}
        for item in _jsonl(folder / "gold.jsonl")
        if item.get("writer") not in writers
        for question in item["vragen"]
        if str(question.get("specifiek", "")).strip()
    ]


def turn_examples(folder: Path, writers: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Each one-question conversation's resident turns (``turns``) with its product; its vector
    is made from the turns' vectors (:func:`example_vectors`)."""
    result = []
    for item in _jsonl(folder / "gold.jsonl"):
        if len(item["vragen"]) != 1 or item.get("writer") in writers:
            continue
        transcript = read_transcript(folder / "transcripts" / item["source"])
        said = [t.text for t in transcript.turns if t.is_resident]
        result.append(
            {
                "text": " ".join(said),
                "turns": said,
                "upl": item["vragen"][0]["upl"],
                "weight": 2.0,
                "kind": "conversation",
            }
        )
    return result


def examples(
    seed: int = SEED,
    *,
    specific: bool = False,
    blind_dev: bool = False,
    extra: bool = False,
    more: bool = False,
    more_weight: float = MORE_WEIGHT,
    more_items: str = MORE_ITEMS,
    more_writers: frozenset[str] = frozenset(),
    conversations: bool = CONVERSATIONS,
    leave_out: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    known = {p.naam for p in upl_products()}
    items = [
        {"text": e["text"], "upl": e["upl"], "kind": "utterance"}
        for e in _jsonl(DATA / "upl.jsonl")
        if e["upl"] in known
    ]
    if more:
        found = more_examples(weight=more_weight, items=more_items, writers=more_writers)
        items += [e for e in found if e["upl"] in known]
    items += [e for e in transcript_examples(DATA / "transcripts") if e["upl"] in known]
    if conversations and (MORE_CONVERSATIONS / "gold.jsonl").exists():
        items += [e for e in transcript_examples(MORE_CONVERSATIONS) if e["upl"] in known]
    if extra:
        items += [e for e in transcript_examples(DATA / "transcripts-extra") if e["upl"] in known]
    if specific:
        items += [e for e in specific_examples(DATA / "transcripts") if e["upl"] in known]
    if blind_dev and BLIND_DEV.is_dir():
        dev = turn_examples(BLIND_DEV, leave_out) + specific_examples(BLIND_DEV, leave_out)
        items += [e for e in dev if e["upl"] in known]
    synonyms = tables.load("synoniemen.yaml") or {}
    for product in upl_products():
        words = [product.naam, *product.varianten, *product.trefwoorden]
        words += synonyms.get(product.naam, [])
        text = ", ".join(dict.fromkeys(words))
        items.append({"text": text, "upl": product.naam, "weight": 0.5, "kind": "names"})
    return items + generated_examples(seed)


def generated_examples(seed: int) -> list[dict[str, Any]]:
    """A few of the generated utterances per product, drawn with ``seed``."""
    generated: dict[str, list[str]] = defaultdict(list)
    for e in _jsonl(ROOT / "src" / "reisgenoot" / "assist" / "data" / "train.jsonl"):
        generated[e["upl"]].append(e["text"])
    rng = random.Random(seed)
    return [
        {"text": text, "upl": upl, "weight": 0.5, "generated": True, "kind": "generated"}
        for upl, texts in sorted(generated.items())
        for text in rng.sample(texts, min(GENERATED_PER_PRODUCT, len(texts)))
    ]


def averaged_examples(
    seeds: list[int], items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[list[float]]]:
    """The examples of fits that differ only in their draw of the generated utterances (one
    per seed of ``seeds``; ``items`` are the examples of one of them): the drawn utterances of
    every seed once, and per seed a factor per example (0 for another seed's draw), for a fit
    that averages them (``upl_model.train(member_weights=…)``)."""
    fixed = [e for e in items if not e.get("generated")]
    drawn: dict[tuple[str, str], set[int]] = defaultdict(set)
    for seed in seeds:
        for e in generated_examples(seed):
            drawn[e["upl"], e["text"]].add(seed)
    extra = [
        {"text": text, "upl": upl, "weight": 0.5, "generated": True, "kind": "generated"}
        for upl, text in drawn
    ]
    factors = [
        [1.0] * len(fixed) + [float(seed in drawn[str(e["upl"]), str(e["text"])]) for e in extra]
        for seed in seeds
    ]
    return fixed + extra, factors


def vectors_for(texts: list[str], cache: Path | None, *, cached_only: bool = False) -> np.ndarray:
    keys = [hashlib.sha1(t.encode(), usedforsecurity=False).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache and cache.exists():
        with np.load(cache) as data:
            known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    missing = [i for i, k in enumerate(keys) if k not in known]
    if cached_only:  # a quick rebuild: texts not in the cache get no vector (words only)
        for i in missing:
            known[keys[i]] = np.zeros(DIM, dtype=np.float32)
        missing = []
    for start in range(0, len(missing), 64):
        chunk = missing[start : start + 64]
        for i, row in zip(chunk, embed_texts([texts[i] for i in chunk]), strict=True):
            known[keys[i]] = row
        print(f"  embedded {min(start + 64, len(missing))}/{len(missing)}", file=sys.stderr)
        if cache and (start // 64) % 8 == 7:
            _save(cache, known)
    if cache and missing:
        _save(cache, known)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def example_vectors(
    items: list[dict[str, Any]], cache: Path | None, *, cached_only: bool = False
) -> np.ndarray:
    """One sentence vector per example: of its text, or of its resident turns (``turns``,
    combined as registration combines a question's turns); the generated utterances are
    templates that teach words, not sentences (no vector)."""
    vectors = np.zeros((len(items), DIM), dtype=np.float32)
    plain = [i for i, e in enumerate(items) if not e.get("generated") and "turns" not in e]
    vectors[plain] = vectors_for([items[i]["text"] for i in plain], cache, cached_only=cached_only)
    said = list(dict.fromkeys(t for e in items for t in e.get("turns", ())))
    found = vectors_for(said, cache, cached_only=cached_only) if said else vectors[:0]
    by_text = dict(zip(said, found, strict=True))
    for i, e in enumerate(items):
        if "turns" in e:
            combined = question_vector((t, by_text[t]) for t in e["turns"])
            if combined is not None:
                vectors[i] = combined
    return vectors


def balanced(items: list[dict[str, Any]], power: float = BALANCE) -> list[dict[str, Any]]:
    """The examples with weights scaled so that every product's total weight is the same
    (``power`` 1; 0 leaves the weights as they are)."""
    totals: dict[str, float] = defaultdict(float)
    for e in items:
        totals[e["upl"]] += float(e.get("weight", 1.0))
    mean = sum(totals.values()) / len(totals)
    return [
        {**e, "weight": float(e.get("weight", 1.0)) * (mean / totals[e["upl"]]) ** power}
        for e in items
    ]


def _save(cache: Path, known: dict[str, np.ndarray]) -> None:
    np.savez(cache, keys=np.array(list(known)), vectors=np.stack(list(known.values())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--c", type=float, default=upl_model.C)
    parser.add_argument("--dense-scale", type=float, default=upl_model.DENSE_SCALE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cached-only", action="store_true", help="embed nothing new")
    parser.add_argument("--specific", action="store_true", help="also the specifiek texts")
    parser.add_argument("--blind-dev", action="store_true", help="also learn from blind dev")
    parser.add_argument("--balance", type=float, default=BALANCE)
    parser.add_argument("--extra", action="store_true", help="also transcripts-extra")
    parser.add_argument("--more", action="store_true", help="also upl-more.jsonl (U3–U11)")
    parser.add_argument(
        "--more-writers",
        default="",
        help="with --more: only these writers' utterances (comma-separated; empty: every writer)",
    )
    parser.add_argument(
        "--conversations",
        action=argparse.BooleanOptionalAction,
        default=CONVERSATIONS,
        help="also the one-question conversations of transcripts-more (C4–C7)",
    )
    parser.add_argument("--members", type=int, default=upl_model.MEMBERS, help="bagged fits")
    parser.add_argument("--seed", type=int, default=0, help="the bagged fits' draws")
    parser.add_argument(
        "--average",
        type=int,
        default=AVERAGE,
        help="average this many fits whose generated utterances are drawn with seeds 7, 8, …",
    )
    prior = "frequency prior of the products (ADR 75): strength (0: none), alpha"
    parser.add_argument("--prior", type=float, default=upl_model.PRIOR, help=prior)
    parser.add_argument("--prior-alpha", type=float, default=upl_model.PRIOR_ALPHA)
    parser.add_argument(
        "--neighbours",
        type=float,
        default=upl_neighbours.WEIGHT,
        help="weight of the nearest examples (upl_neighbours.npz; 0: not written)",
    )
    parser.add_argument(
        "--neighbours-only", action="store_true", help="write upl_neighbours.npz only (no fit)"
    )
    args = parser.parse_args()
    found = examples(
        specific=args.specific,
        blind_dev=args.blind_dev,
        extra=args.extra,
        more=args.more,
        more_writers=frozenset(w for w in args.more_writers.split(",") if w),
        conversations=args.conversations,
    )
    factors: list[list[float]] = []
    if args.average > 1:
        found, factors = averaged_examples([SEED + k for k in range(args.average)], found)
    items = balanced(found, args.balance) if args.balance else found
    print(f"{len(items)} examples, {len({e['upl'] for e in items})} products", file=sys.stderr)
    vectors = example_vectors(items, args.cache, cached_only=args.cached_only)
    if args.neighbours_only:
        write_neighbours(items, vectors, args.neighbours, args.out)
        return
    model = upl_model.train(
        items,
        vectors=vectors,
        c=args.c,
        dense_scale=args.dense_scale,
        members=args.members,
        seed=args.seed,
        member_weights=factors,
    )
    prior = upl_model.Prior(args.prior, args.prior_alpha, question_counts())
    model = upl_model.with_prior(model, prior.counts, prior.strength, prior.alpha)
    model.save(args.out)
    # The learner of confirmed work adds a municipality's counts to the prior (ADR 75 addendum).
    prior_file = args.out.with_name(upl_model.PRIOR_FILE)
    if prior.strength:
        prior.save(prior_file)
    else:
        prior_file.unlink(missing_ok=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)", file=sys.stderr)
    if args.neighbours:
        write_neighbours(items, vectors, args.neighbours, args.out)


def write_neighbours(
    items: list[dict[str, Any]], vectors: np.ndarray, weight: float, out: Path
) -> None:
    """The nearest-example file beside the model (:mod:`reisgenoot.assist.upl_neighbours`)."""
    near = upl_neighbours.build(
        vectors,
        [e["upl"] for e in items],
        [e.get("kind", "utterance") for e in items],
        weight=weight,
    )
    path = out.with_name(upl_neighbours.DEFAULT_FILE)
    near.save(path)
    print(f"wrote {path} ({len(near.labels)} examples)", file=sys.stderr)


if __name__ == "__main__":
    main()
