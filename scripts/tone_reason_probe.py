"""Which escalation reason the employee sees, and when (issue 15, h140).

    .venv/bin/python scripts/tone_reason_probe.py [--model PATH] [--json]

The benches score escalation as yes or no; the panel shows a *reason* ("Let op: de inwoner
lijkt kwetsbaar"). This probe reads :func:`reisgenoot.language.tone.analyse_tone` per reason:

- **utterances with a reason category**: blind dev tone (``evaluation/blind/tone/dev.jsonl``,
  labels only) and the writers' problem reports (``training-data/tone-problems.jsonl``, which
  the shipped model is not trained on). Per reason shown: how often, and its precision —
  *right* when the utterance escalates for that reason, *other* when it escalates for another,
  *false* when it does not escalate. Also per gold tone: the share of non-escalating
  utterances that raise an alert, and the escalation precision and recall of the whole set;
- **calls** (``training-data/transcripts-more``, the plans' moods as ``tone_call_probe.py``
  reads them): per mood, the share of calls whose resident turns raise an alert (the panel's
  :func:`reisgenoot.assist.suggestions.handoff_advice` takes the reasons of every turn), and the
  reasons raised. No call carries escalation gold: the calm, hurried, friendly and irritated
  callers are the ones the issue is about.

Where a reason comes from is printed too: the cue rules (:func:`analyse_rules`) or the learned
model. Only blind **dev** labels are read, never the blind test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from tone_call_probe import load_calls, use_model  # noqa: E402

from reisgenoot.language.tone import ToneResult, analyse_rules, analyse_tone  # noqa: E402
from reisgenoot.language.tone_model import CATEGORY_REASON  # noqa: E402

SETS = {
    "blind dev": ROOT / "evaluation" / "blind" / "tone" / "dev.jsonl",
    "writers' problem reports": ROOT / "training-data" / "tone-problems.jsonl",
}
# The cue rules' reasons that the blind corpus's categories hold under another name.
RULE_CATEGORY = {"wanhoop": "kwetsbaar", "zelfbeschadiging": "kwetsbaar"}
MOODS = ("kalm", "gehaast", "vriendelijk", "geïrriteerd", "verward", "bezorgd", "verdrietig")


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_reason(row: dict[str, Any]) -> str | None:
    if not row.get("escalate"):
        return None
    category = str(row.get("category") or "")
    return CATEGORY_REASON.get(category, category)


def utterances(rows: Sequence[dict[str, Any]], analyse: Callable[[str], ToneResult]) -> dict:
    per_reason: dict[str, Counter[str]] = defaultdict(Counter)
    per_tone: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    for row in rows:
        found = analyse(str(row["text"]))
        rule = analyse_rules(str(row["text"]))
        wanted = gold_reason(row)
        tp += bool(wanted) and found.escalate
        fp += not wanted and found.escalate
        fn += bool(wanted) and not found.escalate
        if not wanted:
            per_tone[row["tone"]][0] += found.escalate
            per_tone[row["tone"]][1] += 1
        for reason in found.escalate_reasons:
            source = "cue" if reason in rule.escalate_reasons else "model"
            kind = (
                "false"
                if not wanted
                else "right"
                if RULE_CATEGORY.get(reason, reason) == wanted
                else "other"
            )
            per_reason[reason][kind] += 1
            per_reason[reason][source] += 1
    return {
        "escalate precision / recall": (
            round(tp / max(1, tp + fp), 3),
            round(tp / max(1, tp + fn), 3),
        ),
        "alerts on non-escalating, per gold tone": {
            tone: f"{hit}/{total}" for tone, (hit, total) in sorted(per_tone.items())
        },
        "per reason shown (right / other reason / false; from cue / model)": {
            reason: (
                f"{c['right']}/{c['other']}/{c['false']} "
                f"precision {c['right'] / max(1, c['right'] + c['other'] + c['false']):.2f}; "
                f"cue {c['cue']} model {c['model']}"
            )
            for reason, c in sorted(per_reason.items(), key=lambda kv: -sum(kv[1].values()))
        },
    }


def calls(analyse: Callable[[str], ToneResult]) -> dict:
    alerts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for _writer, mood, results in load_calls(analyse):
        seen[mood] += 1
        raised = {r for result in results for r in result.escalate_reasons}
        alerts[mood] += bool(raised)
        reasons[mood].update(raised)
    return {
        mood: f"{alerts[mood]}/{seen[mood]} ({alerts[mood] / max(1, seen[mood]):.2f}) "
        + ", ".join(f"{r} {n}" for r, n in reasons[mood].most_common())
        for mood in sorted(seen, key=lambda m: (m not in MOODS, m))
    }


def probe(analyse: Callable[[str], ToneResult] = analyse_tone) -> dict[str, Any]:
    result: dict[str, Any] = {name: utterances(_rows(path), analyse) for name, path in SETS.items()}
    result["calls: alerts per mood"] = calls(analyse)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a tone model file (default: the packaged)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.model:
        use_model(args.model)
    result = probe()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for name, part in result.items():
        print(f"== {name}")
        for key, value in part.items():
            if isinstance(value, dict):
                print(f"  {key}:")
                for k, v in value.items():
                    print(f"    {k}: {v}")
            else:
                print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
