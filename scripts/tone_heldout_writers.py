"""The turn tone model with each writer held out, and what it shows calm residents (issue 15).

    .venv/bin/python scripts/tone_heldout_writers.py [--config main --config writers-tone]
        [--c 2.0] [--rule-weight 0.6] [--tone-weight 1.0]

A configuration names the files that train both models, the escalation model only and the tone
model only (``scripts/train_tone.py`` reads ``main``'s, and ``writers-tone``'s with
``--problems``):

- ``main``: tone from ``tone.jsonl`` (writers R1, R2); escalation also from ``tone-extra.jsonl``
  (E1, H67) — the shipped model before issue 15's writers;
- ``writers``: as ``main`` and ``tone-problems.jsonl`` (R3, R4: residents reporting a problem
  calmly or with feeling) for both models;
- ``writers+extra``: as ``writers``, and ``tone-extra.jsonl`` trains the tone model too;
- ``writers-tone``: as ``main``, and ``tone-problems.jsonl`` for the tone model only;
- ``writers+calls``, ``writers-tone+calls``: as ``writers`` and ``writers-tone``, and for the
  tone model only (each line weighing ``--tone-weight``) weak lines from the conversations of
  ``training-data/transcripts`` (writers C1–C3, plans ``make_plans(n=240, seed=7)``; not the
  probe's C4–C9): a resident turn of a calm or hurried caller that the cue rules read
  ``neutraal`` is ``neutraal``, of an angry, irritated, furious or sarcastic caller that they
  read ``boos`` is ``boos``, of a worried or sad caller that they read ``bezorgd`` is
  ``bezorgd``; ``writers-tone+calm``: the calm callers' lines only.

Knobs for the measured alternatives: ``--c`` (the tone model's C), ``--rule-weight`` (what the
cue rules' tone adds to the model's), ``--tone-weight`` (a weak line's weight).

Printed per configuration:

- **held out per writer**: for each writer of the four files, the model trained without that
  writer's lines (threshold by the trainer's rule) read on them: tone macro-F1, escalation
  recall and precision; for the problem writers also the share of their calm reports
  (``neutraal``) read not negative and of their negative ones read ``boos`` or ``bezorgd``.
  Writers a configuration never trains on are read by its full model;
- **the full model**: tone macro-F1 and escalation recall/precision on the own set and blind dev
  (as ``reisgenoot bench language`` computes them), and the call probe of
  ``scripts/tone_call_probe.py``: calm residents' turns and calls shown negative.

Blind **dev** labels are read (the trainer's threshold rule reads them too); never the blind test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import tone_call_probe  # noqa: E402
import train_tone  # noqa: E402

from reisgenoot.bench.language_quality import evaluate_tone_set  # noqa: E402
from reisgenoot.language import tone, tone_model  # noqa: E402

DATA = ROOT / "training-data"
FILES = {name: DATA / f"{name}.jsonl" for name in ("tone", "tone-extra", "tone-problems")}
# name: files for both models, for the escalation model only, for the tone model only
CONFIGS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "main": (("tone",), ("tone-extra",), ()),
    "writers": (("tone", "tone-problems"), ("tone-extra",), ()),
    "writers+extra": (("tone", "tone-problems", "tone-extra"), (), ()),
    "writers+calls": (("tone", "tone-problems"), ("tone-extra",), ("calls",)),
    "writers-tone": (("tone",), ("tone-extra",), ("tone-problems",)),
    "writers-tone+calls": (("tone",), ("tone-extra",), ("tone-problems", "calls")),
    "writers-tone+calm": (("tone",), ("tone-extra",), ("tone-problems", "calm")),
}
WEAK = ("calls", "calm")  # weak labels: trained on, never read as held-out gold
WEIGHT = [1.0]  # a weak line's weight (``--tone-weight``)
# the caller's mood in the plan -> the tone its turns may weakly teach (when the cue rules agree)
CALLER_TONE = {
    **dict.fromkeys(("kalm", "gehaast"), "neutraal"),
    **dict.fromkeys(("boos", "geïrriteerd", "beleefd maar woedend", "sarcastisch"), "boos"),
    **dict.fromkeys(("bezorgd", "verdrietig"), "bezorgd"),
}
NEGATIVE = ("boos", "bezorgd")
Row = dict[str, Any]


def _cache_rules() -> None:
    """The cue rules once per text (training folds featurise the same lines again and again)."""
    once = cache(tone.analyse_rules)

    def rules(text: str, norm: object = None) -> tone.ToneResult:
        del norm  # the same text normalises the same way
        return once(text)

    tone.analyse_rules = rules  # type: ignore[assignment]
    train_tone.analyse_rules = rules  # type: ignore[attr-defined]


def _use(model: tone_model.ToneModel) -> None:
    tone_model.load_model = lambda path=None: model  # type: ignore[assignment]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(1, 2 * tp + fp + fn)


def call_turns() -> list[Row]:
    """The weak lines of ``+calls`` (module docstring)."""
    from reisgenoot.bench.assist import load_gold, load_transcripts

    mood = tone_call_probe.moods(240, 7)
    folder = DATA / "transcripts"
    gold = load_gold(folder)
    lines: list[Row] = []
    for item, transcript in zip(gold, load_transcripts(folder, gold), strict=True):
        wanted = CALLER_TONE.get(mood.get("t" + item["source"][1:4], ""), "")
        for turn in transcript.turns:
            if not (wanted and turn.is_resident and turn.text.strip()):
                continue
            if tone.analyse_rules(turn.text).tone == wanted:
                lines.append(
                    {
                        "text": turn.text,
                        "tone": wanted,
                        "escalate": False,
                        "category": "geen",
                        "writer": f"{item['writer']}-calls",
                        "weight": WEIGHT[0],
                    }
                )
    return lines


def read(rows: Sequence[Row]) -> dict[str, Any]:
    """Tone macro-F1, escalation recall/precision and the calm and negative shares on ``rows``."""
    found = [tone.analyse_tone(str(row["text"])) for row in rows]
    pairs = list(zip(rows, found, strict=True))
    labels = sorted({str(row["tone"]) for row in rows})
    f1s = [
        _f1(
            sum(r["tone"] == t and f.tone == t for r, f in pairs),
            sum(r["tone"] != t and f.tone == t for r, f in pairs),
            sum(r["tone"] == t and f.tone != t for r, f in pairs),
        )
        for t in labels
    ]
    tp = sum(r["escalate"] and f.escalate for r, f in pairs)
    calm = [f.tone not in NEGATIVE for r, f in pairs if r["tone"] == "neutraal"]
    negative = [f.tone in NEGATIVE for r, f in pairs if r["tone"] in NEGATIVE]
    return {
        "n": len(rows),
        "macro-F1": round(sum(f1s) / len(f1s), 3),
        "esc R/P": (
            round(tp / max(1, sum(bool(r["escalate"]) for r in rows)), 3),
            round(tp / max(1, sum(f.escalate for f in found)), 3),
        ),
        "calm not negative": round(sum(calm) / max(1, len(calm)), 3),
        "negative read negative": round(sum(negative) / max(1, len(negative)), 3),
    }


def _train(
    base: list[Row], extra: list[Row], tone_only: list[Row], c: float
) -> tone_model.ToneModel:
    tone_model.C_TONE = c
    return train_tone.trained(base, extra, tone_only)[0]


def run(config: str, c: float, data: dict[str, list[Row]]) -> None:
    both, escalation_only, tone_only = CONFIGS[config]
    base = [row for name in both for row in data[name]]
    extra = [row for name in escalation_only for row in data[name]]
    weak = [row for name in tone_only for row in data[name]]
    full = _train(base, extra, weak, c)
    writers = sorted(
        {str(row["writer"]) for name, rows in data.items() if name not in WEAK for row in rows}
    )
    folds = {
        writer: (
            _train(
                [r for r in base if r["writer"] != writer],
                [r for r in extra if r["writer"] != writer],
                [r for r in weak if r["writer"] != writer],
                c,
            )
            if any(row["writer"] == writer for row in base + extra + weak)
            else full
        )
        for writer in writers
    }
    print(
        f"== {config} (C {c}, rule weight {tone.RULE_WEIGHT}, C1-C3 turns weigh {WEIGHT[0]}): "
        f"{len(base)} + {len(extra)} + {len(weak)} lines",
        flush=True,
    )
    _read_all(full, folds, data)


def _read_all(
    full: tone_model.ToneModel, folds: dict[str, tone_model.ToneModel], data: dict[str, list[Row]]
) -> None:
    for writer, model in folds.items():
        _use(model)
        held = [row for rows in data.values() for row in rows if row["writer"] == writer]
        print(f"  held out {writer}: {read(held)}", flush=True)
    _use(full)
    for name, path in (("own set", "tone/cases.jsonl"), ("blind dev", "blind/tone/dev.jsonl")):
        figures = evaluate_tone_set(ROOT / "evaluation" / path)
        escalate = figures["escalate"]
        print(
            f"  {name}: macro-F1 {figures['macro_f1']:.3f}, escalation recall "
            f"{escalate['recall']:.3f} precision {escalate['precision']:.3f}",
            flush=True,
        )
    calls = tone_call_probe.load_calls()
    print(
        f"  probe: calm turns read negative {tone_call_probe.calm_turns_negative(calls)}, "
        f"{tone_call_probe.writers(tone_call_probe.shipped, calls)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    parser.add_argument("--c", type=float, default=tone_model.C_TONE, help="the tone model's C")
    parser.add_argument("--tone-weight", type=float, default=1.0, help="a weak line's weight")
    parser.add_argument(
        "--rule-weight", type=float, default=tone.RULE_WEIGHT, help="what the cue rules' tone adds"
    )
    args = parser.parse_args()
    WEIGHT[0] = args.tone_weight
    tone.RULE_WEIGHT = args.rule_weight
    _cache_rules()
    data = {name: train_tone.rows(path) if path.exists() else [] for name, path in FILES.items()}
    data["calls"] = call_turns()
    data["calm"] = [row for row in data["calls"] if row["tone"] == "neutraal"]
    print(f"weak call turns: {len(data['calls'])}, calm {len(data['calm'])}", flush=True)
    for config in args.config or ["main", "writers-tone"]:
        run(config, args.c, data)


if __name__ == "__main__":
    main()
