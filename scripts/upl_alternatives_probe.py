"""What the employee sees of the main question's product: the draft's product, and when it is
unsure (confidence label below "hoog") its ``ookMogelijk`` alternatives (issue 15).

    .venv/bin/python scripts/upl_alternatives_probe.py [--blind-dev]

Drafts every conversation of the own set (and blind dev with ``--blind-dev``) and prints, per
set: how many main questions are sure and unsure, how many are right at the product alone, and
how many of the unsure ones have the gold product among what the review form shows (the
product or an alternative). Counts only, no item text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist.registration import draft_registration  # noqa: E402
from reisgenoot.bench.assist import EVALUATION, load_gold, load_transcripts  # noqa: E402
from reisgenoot.bench.sets import blind_part  # noqa: E402
from reisgenoot.web.formatting import zekerheid  # noqa: E402


def probe(folder: Path) -> dict[str, int]:
    """Counts of the main question over one set's conversations."""
    gold = load_gold(folder)
    counts = dict.fromkeys(("n", "sure", "sure_right", "unsure", "unsure_right", "unsure_shown"), 0)
    for item, transcript in zip(gold, load_transcripts(folder, gold), strict=True):
        draft = draft_registration(transcript)
        vraag, wanted = draft["vragen"][0], item["vragen"][0]["upl"]
        sure = zekerheid(draft["explanations"]["vragen[0].upl"]["confidence"]) == "hoog"
        kind = "sure" if sure else "unsure"
        counts["n"] += 1
        counts[kind] += 1
        counts[f"{kind}_right"] += vraag["upl"] == wanted
        if not sure:
            counts["unsure_shown"] += wanted in [vraag["upl"], *vraag.get("ookMogelijk", [])]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind-dev", action="store_true", help="also blind dev")
    args = parser.parse_args()
    sets = {"own": EVALUATION}
    if args.blind_dev:
        sets["blind dev"] = blind_part("transcripts", "dev")
    for name, folder in sets.items():
        c = probe(folder)
        print(
            f"{name}: {c['n']} main questions; sure {c['sure']} (right {c['sure_right']}), "
            f"unsure {c['unsure']} (right {c['unsure_right']}, gold among product + "
            f"alternatives {c['unsure_shown']}); right at the product {c['sure_right'] + c['unsure_right']}, "
            f"shown {c['sure_right'] + c['unsure_shown']}"
        )


if __name__ == "__main__":
    main()
