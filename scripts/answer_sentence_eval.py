"""Score the answerer's first sentence against people's annotations (issue 14, ADR 0084).

Run from the project root: ``python scripts/answer_sentence_eval.py [--split dev|test]
[--show]``. Reads the key ``evaluation/knowledge/answer-sentences/sentences.jsonl`` (every
item's question, demo article and numbered sentences, made by ``answer_sentence_items.py``)
and the annotations ``A*.jsonl`` in the same folder (per item ``best``: the sentence that
answers best, or null; ``also``: other sentences that answer).

The article is given: the passage is chosen the way ``bench knowledge`` measures passages
(the article's hit from the ranking, or the article without the section hint), so this
measures only the choice of the first sentence. Reported per split:

- ``first_right``: share of items (with a non-null ``best``) whose first sentence is the
  annotator's ``best`` or in ``also``; per annotator and their mean (the headline figure);
- ``section_right``: the same for the section of the first sentence;
- ``ceiling``: one annotator scored against the other (A1's best in A2's set and back, mean),
  the share of items with the same ``best``, and Cohen's kappa on the section of ``best``.

Split: blind dev K1/K2 items are dev; K3/K4 items are dev when the first byte of the SHA-256
of their id is even, else the frozen **test** half (``test-ids.sha256`` lists the hashes);
the test half is run once, for the final candidate, and read only as an aggregate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FOLDER = Path("evaluation/knowledge/answer-sentences")
KEY = FOLDER / "sentences.jsonl"
KEY2 = FOLDER / "sentences2.jsonl"  # batch 2: training items only
CACHE = Path(tempfile.gettempdir()) / "reisgenoot-answer-sentences-e5.npz"


def split_of(item_id: str) -> str:
    if item_id.startswith(("K1", "K2")):
        return "dev"
    return "dev" if hashlib.sha256(item_id.encode()).digest()[0] % 2 == 0 else "test"


def training_items(batch2: bool = True) -> list[dict[str, Any]]:
    """The items the models may be fitted on: the K3/K4 dev half of batch 1 and (``batch2``)
    all of batch 2 (``sentences2.jsonl``, K3/K4 only, h126)."""
    items = [json.loads(line) for line in KEY.open(encoding="utf-8")]
    train = [
        i for i in items if split_of(i["id"]) == "dev" and not i["id"].startswith(("K1", "K2"))
    ]
    if batch2 and KEY2.exists():
        train += [json.loads(line) for line in KEY2.open(encoding="utf-8")]
    return train


def write_test_hashes() -> None:
    """The SHA-256 of every test-half item id (the test half stays frozen)."""
    ids = [json.loads(line)["id"] for line in KEY.open(encoding="utf-8")]
    hashes = sorted(hashlib.sha256(i.encode()).hexdigest() for i in ids if split_of(i) == "test")
    (FOLDER / "test-ids.sha256").write_text("\n".join(hashes) + "\n", encoding="utf-8")


def load_annotations() -> dict[str, dict[str, dict[str, Any]]]:
    """Annotator name → item id → its annotation (``best`` int or None, ``also`` list)."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for path in sorted(FOLDER.glob("A*.jsonl")):
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        found[path.stem] = {str(r["id"]): r for r in rows}
    return found


def accepted(note: dict[str, Any]) -> set[int]:
    best = note.get("best")
    return set() if best is None else {int(best), *(int(x) for x in note.get("also") or [])}


def first_unit(item: dict[str, Any], field: str, text: str, section: str) -> int | None:
    """The number of the unit the shown passage starts with (by section and offset)."""
    start = section.find(text[:40]) if text else -1
    units = [u for u in item["units"] if u["field"] == field]
    if start < 0 or not units:
        return None
    for unit in units:
        if unit["start"] <= start < max(unit["end"], unit["start"] + 1):
            return int(unit["n"])
    return int(min(units, key=lambda u: abs(u["start"] - start))["n"])


def retriever_for(items: Sequence[dict[str, Any]]) -> Any:
    """The evaluation kennisbank's retriever, with the items' questions embedded (cached)."""
    from reisgenoot.bench.knowledge import build_corpus
    from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
    from reisgenoot.knowledge.retrieval import Retriever, default_weights

    if not CACHE.exists():
        shutil.copy(Path("evaluation/knowledge/embeddings-e5.npz"), CACHE)
    embedder = CachedEmbedder(E5Embedder(), CACHE)
    corpus = build_corpus(embedder)
    embedder.embed_queries([i["question"] for i in items])
    embedder.save()
    return Retriever(
        corpus.docs, embedder=embedder, vectors=corpus.vectors, weights=default_weights()
    )


def choices(items: Sequence[dict[str, Any]]) -> dict[str, int | None]:
    """Item id → the number of the answerer's first sentence (article given)."""
    from reisgenoot.knowledge.answering import choose_passage
    from reisgenoot.knowledge.retrieval import Ranked

    retriever = retriever_for(items)
    by_id = {d.source_id: d for d in retriever.docs}
    found: dict[str, int | None] = {}
    for item in items:
        ranking = retriever.rank(item["question"], limit=20)
        hit = next((h for h in ranking.hits if h.doc.source_id == item["article"]), None)
        if hit is None:
            hit = Ranked(by_id[item["article"]], 0.0, 0.0, 0.0, 0.0)
        chosen = choose_passage(
            hit, ranking.query_terms, retriever, item["question"], ranking.understanding
        )
        section = hit.doc.text(chosen.field)
        found[item["id"]] = first_unit(item, chosen.field, chosen.text, section)
    return found


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two annotators' labels."""
    if not pairs:
        return None
    observed = sum(a == b for a, b in pairs) / len(pairs)
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / len(pairs) ** 2
    return round((observed - expected) / (1 - expected), 4) if expected < 1 else None


def score(
    items: Sequence[dict[str, Any]],
    chosen: dict[str, int | None],
    notes: dict[str, dict[str, dict[str, Any]]],
) -> dict[str, Any]:
    fields = {i["id"]: {u["n"]: u["field"] for u in i["units"]} for i in items}
    report: dict[str, Any] = {"items": len(items)}
    per: dict[str, dict[str, Any]] = {}
    for name, marks in notes.items():
        rows = [(i["id"], marks[i["id"]]) for i in items if i["id"] in marks]
        if not rows:
            continue  # this annotator saw the other batch
        rated = [(k, accepted(m)) for k, m in rows if m.get("best") is not None]
        per[name] = {
            "annotated": len(rows),
            "null": sum(1 for _k, m in rows if m.get("best") is None),
            "first_right": _share([chosen.get(k) in s for k, s in rated]),
            "section_right": _share(
                [fields[k].get(chosen.get(k) or 0) in {fields[k][n] for n in s} for k, s in rated]
            ),
        }
    report["annotators"] = per
    rights = [p["first_right"] for p in per.values() if p["first_right"] is not None]
    report["first_right"] = round(sum(rights) / len(rights), 4) if rights else None
    sections = [p["section_right"] for p in per.values() if p["section_right"] is not None]
    report["section_right"] = round(sum(sections) / len(sections), 4) if sections else None
    if len(notes) >= 2:
        a, b = list(notes.values())[:2]
        both = [i["id"] for i in items if i["id"] in a and i["id"] in b]
        rated = [k for k in both if a[k].get("best") is not None and b[k].get("best") is not None]
        cross = [a[k]["best"] in accepted(b[k]) for k in rated]
        cross += [b[k]["best"] in accepted(a[k]) for k in rated]
        sec = [(fields[k][a[k]["best"]], fields[k][b[k]["best"]]) for k in rated]
        report["ceiling"] = {
            "both_rated": len(rated),
            "best_in_other_set": _share(cross),
            "same_best": _share([a[k]["best"] == b[k]["best"] for k in rated]),
            "kappa_section_of_best": kappa(sec),
            "kappa_null": kappa(
                [(str(a[k]["best"] is None), str(b[k]["best"] is None)) for k in both]
            ),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--show", action="store_true", help="print each dev item's first sentence")
    args = parser.parse_args()
    items = [json.loads(line) for line in KEY.open(encoding="utf-8")]
    items = [i for i in items if split_of(i["id"]) == args.split]
    chosen = choices(items)
    notes = load_annotations()
    if args.show and args.split == "dev":
        for item in items:
            n = chosen[item["id"]]
            marks = {
                name: sorted(accepted(m[item["id"]]))
                for name, m in notes.items()
                if item["id"] in m
            }
            text = next((u["text"] for u in item["units"] if u["n"] == n), "?")
            print(f"{item['id']} {item['question'][:90]!r}\n   → [{n}] {text[:100]}  {marks}")
    report = {args.split: score(items, chosen, notes)}
    if args.split == "dev":
        for name, prefixes in (("dev_k1k2_blind", ("K1", "K2")), ("dev_k3k4_half", ("K3", "K4"))):
            part = [i for i in items if i["id"].startswith(prefixes)]
            report[name] = score(part, chosen, notes)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
