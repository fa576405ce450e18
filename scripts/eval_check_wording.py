"""Count how live assist's follow-up questions read, over every shipped article.

Every bullet of every section that gives follow-up questions (the checklist, Voorwaarden and
Bewijs, and the sections per intent: Termijn, Geen reactie, Bezwaar en beroep) of the demo
kennisbank and the other shipped article sets (``load_kennisbank``) is worded as live assist
shows it (``assist/checks.py``) and as it read before ADR 90 ("Vraag naar: <the longest
non-generic word>"). Counted: labels of one word, labels cut short that end mid-phrase (on a
word that cannot end a clause, "van", "en", "de" …; ``--cuts`` lists every cut label to read),
and labels longer than 12 and 16 words.

    .venv/bin/python scripts/eval_check_wording.py [--pairs N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
from typing import Any

from reisgenoot.assist.articles import CHECKLIST_SECTIONS, INTENT_SECTIONS, _salient, _split_items
from reisgenoot.assist.checks import _ASIDE, DANGLING, OPENING, check_label
from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge.search import terms
from reisgenoot.language.text import sentences, words


def items() -> list[dict[str, Any]]:
    """Each bullet that gives a question, with its old and new label (None: no question)."""
    sections = [(CHECKLIST_SECTIONS, True)]
    sections += [(pairs, False) for pairs in INTENT_SECTIONS.values()]
    rows = []
    for article in load_kennisbank():
        topic = frozenset(terms(article.title + " " + " ".join(article.trefwoorden or [])))
        for pairs, checklist in sections:
            for attribute, heading in pairs:
                for item in _split_items(str(article.sections.get(attribute) or "")):
                    word = _salient(item, topic)
                    if word is None:
                        continue  # no question before or after (the answered check needs it)
                    rows.append(
                        {
                            "article": article.source_id,
                            "heading": heading,
                            "item": item,
                            "before": f"Vraag naar: {word}",
                            "after": check_label(item, heading, checklist=checklist),
                        }
                    )
    return rows


def _cut(label: str, item: str) -> bool:
    """Whether the label holds less of the bullet's first sentence (asides in brackets and a
    linking "Of" left out) than the sentence."""
    opening = max((o for o in OPENING.values() if label.startswith(o)), key=len, default="")
    sentence = words(_ASIDE.sub("", sentences(item)[0].text))
    if sentence[:1] == ["of"] and label.endswith("?"):
        sentence = sentence[1:]
    return len(words(label)) - len(words(opening)) < len(sentence)


def defects(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    counts = {"labels": len(rows), "one_word": 0, "cut_mid_phrase": 0, "over_12": 0}
    counts["over_16"] = 0
    for row in rows:
        label = row[key]
        body = words(label.split(": ", 1)[-1])
        counts["one_word"] += len(body) == 1
        counts["cut_mid_phrase"] += (
            len(body) > 1 and body[-1] in DANGLING and _cut(label, row["item"])
        )
        counts["over_12"] += len(words(label)) > 12
        counts["over_16"] += len(words(label)) > 16
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--cuts", action="store_true", help="list every label cut short")
    args = parser.parse_args()
    rows = items()
    shown = [r for r in rows if r["after"] is not None]
    result = {
        "bullets": len(rows),
        "articles": len({r["article"] for r in rows}),
        "lead_ins_dropped": len(rows) - len(shown),
        "before": defects(rows, "before"),
        "after": defects(shown, "after"),
        "cut": sum(_cut(r["after"], r["item"]) for r in shown),
    }
    print(json.dumps(result, indent=1))
    if args.cuts:
        for row in shown:
            if _cut(row["after"], row["item"]):
                print(f"CUT {row['after']}  ←  {sentences(row['item'])[0].text}")
    for row in random.Random(args.seed).sample(rows, min(args.pairs, len(rows))):
        print(f"{row['before']}  →  {row['after']}")


if __name__ == "__main__":
    main()
