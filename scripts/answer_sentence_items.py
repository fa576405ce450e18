"""Build the annotation input for issue 14: which sentence of the article answers the question.

Run from the project root: ``python scripts/answer_sentence_items.py OUT_FOLDER [--batch 2]``.
Writes
``items.jsonl`` (what the annotators read: id, question, article title and the article's
public sections with every sentence numbered) into OUT_FOLDER, and the key that maps each
number back to the section and character span (``evaluation/knowledge/answer-sentences/
sentences.jsonl``), so the evaluation can compare the answerer's first sentence with the
numbers the annotators chose.

Items: every blind-dev K1/K2 question (``evaluation/blind/kennisbank/dev.jsonl``) that is
answerable with a demo article as target, plus a seeded sample of the K3/K4 answerable
questions with a demo target (``training-data/kennisbank-questions*.jsonl``) up to
:data:`TOTAL`; shuffled with :data:`SEED`. Sentences are the answerer's own units
(:data:`reisgenoot.knowledge.passages.UNIT`) over the public sections (no deskMemo), in the
order the article shows them.

``--batch 2`` (h126): every K3/K4 answerable question with a demo target that batch 1 (the key
above) does not hold, up to :data:`TOTAL`; key ``sentences2.jsonl``. All batch-2 items are
training data (never test). Written for the Reisgenoot project (EUPL-1.2).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from reisgenoot.knowledge.ingest import discover, read_all
from reisgenoot.knowledge.models import SECTIONS
from reisgenoot.knowledge.passages import UNIT

TOTAL = 300
SEED = 14
KEY = Path("evaluation/knowledge/answer-sentences/sentences.jsonl")
KEY2 = Path("evaluation/knowledge/answer-sentences/sentences2.jsonl")
SOURCES = (
    Path("evaluation/blind/kennisbank/dev.jsonl"),
    Path("training-data/kennisbank-questions.jsonl"),
    Path("training-data/kennisbank-questions-k4.jsonl"),
)


def _target(row: dict[str, object]) -> str | None:
    if row.get("kind") != "answerable":
        return None
    target = row.get("preferred") or row.get("target") or row.get("writer_target")
    return target if isinstance(target, str) and target.startswith("vbs-") else None


def article_units() -> dict[str, tuple[str, list[dict[str, object]]]]:
    """Demo article id → (title, numbered units with field, heading and character span)."""
    found: dict[str, tuple[str, list[dict[str, object]]]] = {}
    for article in read_all(discover(Path("src/reisgenoot/demo/kennisbank"))):
        units: list[dict[str, object]] = []
        for field, attribute, heading in SECTIONS:
            text = str(article.sections.get(attribute) or "")
            if field == "deskMemo" or not text:
                continue
            for match in UNIT.finditer(text):
                shown = match.group().strip().lstrip("-*• ").strip()
                units.append({"n": len(units) + 1, "field": field, "heading": heading,
                              "start": match.start(), "end": match.end(), "text": shown})  # fmt: skip
        found[article.source_id] = (article.title, units)
    return found


def _plain(title: str, units: list[dict[str, object]]) -> str:
    lines = [f"ARTIKEL: {title}"]
    heading = None
    for unit in units:
        if unit["heading"] != heading:
            heading = unit["heading"]
            lines.append(f"\n## {heading}")
        lines.append(f"[{unit['n']}] {unit['text']}")
    return "\n".join(lines)


def main(out: Path, batch: int = 1) -> None:
    articles = article_units()
    rows = [json.loads(line) for path in SOURCES for line in path.open(encoding="utf-8")]
    chosen = [r for r in rows if _target(r) in articles]
    blind = [r for r in chosen if r["id"].startswith(("K1", "K2"))]
    others = [r for r in chosen if not r["id"].startswith(("K1", "K2"))]
    rng = random.Random(SEED)
    key_path = KEY
    if batch == 2:
        done = {json.loads(line)["id"] for line in KEY.open(encoding="utf-8")}
        blind, others, key_path = [], [r for r in others if r["id"] not in done], KEY2
    items = blind + rng.sample(others, max(0, min(len(others), TOTAL - len(blind))))
    rng.shuffle(items)
    out.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        (out / "items.jsonl").open("w", encoding="utf-8") as shown,
        key_path.open("w", encoding="utf-8") as key,
    ):
        for row in items:
            target = str(_target(row))
            title, units = articles[target]
            shown.write(json.dumps({"id": row["id"], "question": row["query"],
                                    "article": title, "sentences": len(units),
                                    "text": _plain(title, units)}, ensure_ascii=False) + "\n")  # fmt: skip
            key.write(json.dumps({"id": row["id"], "question": row["query"], "article": target,
                                  "units": units}, ensure_ascii=False) + "\n")  # fmt: skip
    print(
        f"{len(items)} items ({len(blind)} blind dev K1/K2) → {out / 'items.jsonl'}, key {key_path}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/work/writers/annot"))
    parser.add_argument("--batch", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    main(args.out, args.batch)
