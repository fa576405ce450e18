"""Check the judged practice conversations of ``training-data/practice`` before fitting on them.

Every file must follow the format (``reisgenoot.bench.practice_data.problems``), and no trainee
turn may be a near-copy of a trainee turn of blind dev (word-sequence similarity, threshold
0.75). Blind test is never read. Prints the counts per writer, scenario and level, the files
with problems and the turns above the threshold; exit code 1 when a file has a problem.

Run from the repository root: ``.venv/bin/python scripts/check_practice.py [FOLDER]``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from reisgenoot.bench.practice_data import LEVELS, nearest, problems, trainee_turns
from reisgenoot.bench.sets import blind_part
from reisgenoot.bench.training import PRACTICE, load_items
from reisgenoot.training.scenario_files import load_scenarios

NEAR = 0.75
CONTENT = 6
"""Turns of fewer words (greetings, "Nog iets?", "Dag.") are everyday formulas: counted, not listed."""


def main(folder: Path = PRACTICE) -> int:
    scenarios = set(load_scenarios())
    bad = 0
    items = []
    for path in sorted(folder.glob("*.json")):
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"{path.name}: geen geldige JSON ({error})")
            bad += 1
            continue
        found = problems(item, scenarios)
        if found:
            print(f"{path.name}: {'; '.join(found)}")
            bad += 1
            continue
        items.append((path.stem, item))
    print(f"{len(items)} in orde, {bad} met problemen")
    print("per schrijver:", dict(Counter(str(item["writer"]) for _n, item in items)))
    print("per scenario:", dict(sorted(Counter(str(i["scenario"]) for _n, i in items).items())))
    for criterion in LEVELS:
        levels = Counter(str(item["oordeel"][criterion]) for _n, item in items)
        print(f"{criterion}:", dict(sorted(levels.items())))
    dev = [t for _n, item in load_items(blind_part("training", "dev")) for t in trainee_turns(item)]
    highest, formulas = 0.0, 0
    for name, item in items:
        for similarity, text, other in nearest(trainee_turns(item), dev):
            if similarity < NEAR:
                continue
            if len(text.split()) < CONTENT:
                formulas += 1
                continue
            highest = max(highest, similarity)
            print(f"{name}: {similarity:.2f} {text!r} ~ blind dev {other!r}")
    print(f"korte formules boven {NEAR}: {formulas}")
    print(f"hoogste gelijkenis van een beurt van {CONTENT}+ woorden met blind dev: {highest:.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else PRACTICE))
