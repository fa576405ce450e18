"""Measure live assist's follow-up questions on the own set and blind dev (never blind test).

Each conversation of ``evaluation/assist`` and ``evaluation/blind/transcripts/dev`` is replayed
turn by turn through live assist's suggestions, against the demo kennisbank in a throwaway
home; every question shown at any turn is judged with ``evaluation/assist/followup_gold.jsonl``
(the resident's intent for the main question, and whether the gold product's conditions help
to decide it, labelled by hand). A question is right when its article is of a gold product and
it fits: a Voorwaarden/Bewijs question of the main product only when its conditions help, a
question of another section only when that section treats the labelled intent.

    .venv/bin/python scripts/eval_followup.py [out.json]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from reisgenoot.assist.articles import INTENT_SECTIONS
from reisgenoot.assist.conversation import LiveSession
from reisgenoot.assist.suggestions import compute_suggestions
from reisgenoot.bench.assist import load_gold, load_transcripts
from reisgenoot.bench.assist_live import _settings, prepare
from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.store.engine import open_database

ROOT = Path(__file__).resolve().parents[1]
SETS = {"own": ROOT / "evaluation/assist", "blind-dev": ROOT / "evaluation/blind/transcripts/dev"}
LABELS = ROOT / "evaluation/assist/followup_gold.jsonl"
CHECKLIST = ("Voorwaarden", "Bewijs")


def replay() -> list[dict[str, Any]]:
    home = Path(tempfile.mkdtemp(prefix="followup-"))
    prepare(home, 1)
    database = open_database(_settings(home))
    rows = []
    for name, folder in SETS.items():
        gold = load_gold(folder)
        for entry, transcript in zip(gold, load_transcripts(folder, gold), strict=True):
            live = LiveSession(0, "eval", transcript.kanaal or "Telefoon", None)
            shown: dict[str, tuple[str, str]] = {}
            with database.session() as session:
                for turn in transcript.turns:
                    live.remember(turn)
                    for q in compute_suggestions(session, live).questions:
                        shown.setdefault(q.label, (q.article, q.why))
            rows.append(
                {
                    "set": name,
                    "source": entry["source"],
                    "gold": [v["upl"] for v in entry["vragen"]],
                    "shown": shown,
                }
            )
    database.dispose()
    return rows


def score(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    articles = load_kennisbank()
    upl_of = {a.title: a.upl for a in articles}
    with_checklist = {
        a.upl for a in articles if a.sections.get("vereisten") or a.sections.get("bewijs")
    }
    labels = {(r["set"], r["source"]): r for r in map(json.loads, LABELS.open(encoding="utf-8"))}
    headings = {intent: {h for _a, h in pairs} for intent, pairs in INTENT_SECTIONS.items()}
    result = {}
    for name in SETS:
        conversations = wrong = shown = right = needed = helped = 0
        for row in (r for r in rows if r["set"] == name):
            label = labels[(name, row["source"])]
            main = row["gold"][0]
            conversations += 1
            any_wrong = any_help = False
            for title, why in row["shown"].values():
                upl, section = upl_of.get(title), why.split(":")[0]
                if upl not in row["gold"]:
                    ok = False
                elif upl != main:
                    ok = section in CHECKLIST
                elif section in CHECKLIST:
                    ok = bool(label["conditions_help"])
                else:
                    ok = section in headings.get(label["intent"], set())
                shown += 1
                right += ok
                any_wrong |= not ok
                any_help |= ok and upl == main
            wrong += any_wrong
            if label["conditions_help"] and main in with_checklist:
                needed += 1
                helped += any_help
        result[name] = {
            "conversations": conversations,
            "with_a_wrong_question": round(wrong / conversations, 3),
            "questions_right": round(right / max(shown, 1), 3),
            "questions_shown": shown,
            "helpful_shown_when_conditions_help": round(helped / max(needed, 1), 3),
            "conditions_help_cases": needed,
        }
    return result


def main() -> None:
    rows = replay()
    figures = score(rows)
    print(json.dumps(figures, indent=1))
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
