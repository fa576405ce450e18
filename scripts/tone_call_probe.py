"""The resident's tone over a whole call (issue 15): the draft's rule against the old one.

    .venv/bin/python scripts/tone_call_probe.py

There is no conversation-level tone gold. Two probes stand in for it:

- **writers' moods**: each conversation of ``training-data/transcripts-more`` was written to a
  plan whose persona has a mood (``stemming``; the plans are ``make_plans(n=320, seed=8)`` of
  ``evaluation/blind/make_plans.py``, as ``training-data/build.py`` says). Angry,
  irritated, polite-but-furious, sarcastic, worried and sad residents should be shown ``boos``
  or ``bezorgd``; calm, hurried and friendly ones not (``verward`` is left out). Printed: that
  agreement, per writer, the four-way agreement (angry → boos, worried/sad → bezorgd,
  calm/hurried → neutraal, friendly → positief) and how many negative moods are shown
  ``positief``;
- **blind dev turns**: every blind-dev tone turn labelled ``boos`` or ``bezorgd`` followed by
  every turn labelled ``positief`` (a frustrated call that ends politely): the share shown
  negative. Only the labels of blind **dev** are read, never the blind test.

The old rule ("the strongest non-neutral turn") is computed here for the comparison. Also
printed (h130): the share of the calm, hurried and friendly residents' calls shown ``boos`` or
``bezorgd`` and of their turns the turn model reads so. ``--model PATH`` reads the turns with
another tone model file (``scripts/train_tone.py --out``) instead of the packaged one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist.resident import resident_tone  # noqa: E402
from reisgenoot.bench.assist import load_gold, load_transcripts  # noqa: E402
from reisgenoot.language import tone_model  # noqa: E402
from reisgenoot.language.tone import ToneResult, analyse_tone  # noqa: E402

NEGATIVE = ("boos", "bezorgd")
FOUR = {
    **dict.fromkeys(("boos", "geïrriteerd", "beleefd maar woedend", "sarcastisch"), "boos"),
    **dict.fromkeys(("bezorgd", "verdrietig"), "bezorgd"),
    **dict.fromkeys(("kalm", "gehaast"), "neutraal"),
    "vriendelijk": "positief",
}
Rule = Callable[[Sequence[ToneResult]], str]
CLOSING_WEIGHT = 0.5  # the measured alternatives: a positive last tone counts half
CALM = ("kalm", "gehaast", "vriendelijk")
Call = tuple[str, str, list[ToneResult]]


def shipped(results: Sequence[ToneResult]) -> str:
    """The draft's rule (:func:`reisgenoot.assist.resident.resident_tone`): the strongest turn."""
    turns = [
        SimpleNamespace(is_resident=True, text="-", analysis=SimpleNamespace(tone=r))
        for r in results
    ]
    return str(resident_tone(turns)[0]["tone"])  # type: ignore[arg-type]


def _weights(results: Sequence[ToneResult]) -> list[tuple[str, float]]:
    shown = [r for r in results if r.tone != "neutraal"]
    last = len(shown) - 1
    return [
        (r.tone, r.intensity * (CLOSING_WEIGHT if i == last and r.tone == "positief" else 1.0))
        for i, r in enumerate(shown)
    ]


def closing_half(results: Sequence[ToneResult]) -> str:
    """Not taken: the strongest turn, a positive last tone at half its intensity."""
    weights = _weights(results)
    return max(weights, key=lambda w: w[1])[0] if weights else "neutraal"


def summed(results: Sequence[ToneResult]) -> str:
    """Not taken (h125): each tone's turns add up, a positive last tone counts half."""
    total: Counter[str] = Counter()
    for tone, weight in _weights(results):
        total[tone] += weight
    order = ("boos", "bezorgd", "positief")  # a tie shows the negative tone
    return max(order, key=lambda t: total[t]) if total else "neutraal"


def moods(n: int = 320, seed: int = 8) -> dict[str, str]:
    """The persona mood of each plan, keyed by the plan id ("t241") the writers' ids hold
    (``transcripts-more``: 320 plans of seed 8; ``transcripts``: 240 of seed 7)."""
    sys.path.insert(0, str(ROOT / "evaluation" / "blind"))
    from make_plans import make_plans

    plans = make_plans(ROOT / "vendor" / "upl" / "UPL-actueel.csv", n=n, seed=seed)
    return {str(plan["id"]): str(plan["persona"]["stemming"]) for plan in plans}  # type: ignore[index]


def writers(rule: Rule, calls: Sequence[Call]) -> dict[str, Any]:
    agree: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    four = positive = negative = 0
    for writer, mood, results in calls:
        if mood not in FOUR:
            continue
        shown = rule(results)
        wanted = FOUR[mood]
        seen[writer] += 1
        agree[writer] += (shown in NEGATIVE) == (wanted in NEGATIVE)
        four += shown == wanted
        if wanted in NEGATIVE:
            negative += 1
            positive += shown == "positief"
    total = sum(seen.values())
    return {
        "negative or not": round(sum(agree.values()) / total, 3),
        "per writer": {w: round(agree[w] / seen[w], 2) for w in sorted(seen)},
        "four-way": round(four / total, 3),
        "negative mood shown positief": f"{positive}/{negative}",
        "calm calls shown negative": calm_negative(rule, calls),
    }


def calm_negative(rule: Rule, calls: Sequence[Call]) -> float:
    """The share of calm, hurried and friendly residents' calls shown ``boos`` or ``bezorgd``."""
    shown = [rule(results) in NEGATIVE for _, mood, results in calls if mood in CALM]
    return round(sum(shown) / len(shown), 3)


def calm_turns_negative(calls: Sequence[Call]) -> float:
    """The share of calm, hurried and friendly residents' turns read ``boos`` or ``bezorgd``."""
    shown = [r.tone in NEGATIVE for _, mood, results in calls if mood in CALM for r in results]
    return round(sum(shown) / len(shown), 3)


def load_calls(analyse: Callable[[str], ToneResult] = analyse_tone) -> list[Call]:
    """Per conversation of the C-writers: writer, the plan's mood, the resident turns' tones
    (as ``analyse`` reads them)."""
    mood = moods()
    folder = ROOT / "training-data" / "transcripts-more"
    gold = load_gold(folder)
    return [
        (
            item["source"][:2],
            mood.get(item["source"][3:7], ""),
            [analyse(t.text) for t in transcript.turns if t.is_resident and t.text],
        )
        for item, transcript in zip(gold, load_transcripts(folder, gold), strict=True)
    ]


def use_model(path: Path) -> None:
    """Read every turn with the tone model file at ``path`` instead of the packaged one."""
    model = tone_model.load_model(path)
    tone_model.load_model = lambda path=None: model  # type: ignore[assignment]


def polite_ending(rule: Rule, turns: Sequence[tuple[str, ToneResult]]) -> float:
    negative = [r for label, r in turns if label in NEGATIVE]
    positive = [r for label, r in turns if label == "positief"]
    shown = [rule([n, p]) in NEGATIVE for n in negative for p in positive]
    return round(sum(shown) / len(shown), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a tone model file (default: the packaged)")
    args = parser.parse_args()
    if args.model:
        use_model(args.model)
    calls = load_calls()
    print("calm residents' turns read negative:", calm_turns_negative(calls))
    dev = ROOT / "evaluation" / "blind" / "tone" / "dev.jsonl"
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    turns = [(row["tone"], analyse_tone(row["text"])) for row in rows]
    rules: tuple[tuple[str, Rule], ...] = (
        ("strongest turn (shipped)", shipped),
        ("closing courtesy at half (not taken)", closing_half),
        ("summed per tone (h125, not taken)", summed),
    )
    for name, rule in rules:
        print(
            name, writers(rule, calls), "blind dev negative + positief:", polite_ending(rule, turns)
        )


if __name__ == "__main__":
    main()
