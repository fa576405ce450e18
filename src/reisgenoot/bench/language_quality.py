"""Quality of the language core in three columns: own set, blind dev, blind test.

- **Personal data** (exact spans, :func:`reisgenoot.bench.language.evaluate_pii`): per type,
  macro-F1, and two pooled figures: *structured* data (BSN, IBAN, phone, e-mail, postcode,
  licence plate, case number, birth date) and *names and addresses*.
- **Tone**: macro-F1 over the four tones, escalation precision and recall, and on the blind
  sets the escalation recall per reason category.
- **B1**: accuracy of :func:`reisgenoot.language.readability.check_b1` (own set only: the blind
  corpus has no B1 part).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.bench.language import TypeScore, evaluate_pii, load_cases
from reisgenoot.bench.sets import (
    EVALUATION,
    blind_part,
    columns,
    evaluate_columns,
    table,
)

TONES = ("boos", "bezorgd", "neutraal", "positief")
STRUCTURED = (
    "bsn",
    "iban",
    "telefoon",
    "email",
    "postcode",
    "kenteken",
    "zaaknummer",
    "geboortedatum",
)
NAMES_ADDRESSES = ("naam", "adres")


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _pooled(scores: dict[str, TypeScore], types: Sequence[str]) -> dict[str, float]:
    pooled = TypeScore()
    for name in types:
        pooled.tp += scores[name].tp
        pooled.fp += scores[name].fp
        pooled.fn += scores[name].fn
    return {
        "precision": round(pooled.precision, 4),
        "recall": round(pooled.recall, 4),
        "f1": round(pooled.f1, 4),
        "support": pooled.support,
    }


def evaluate_pii_set(path: Path) -> dict[str, Any]:
    """Exact-span quality of the personal-data detector on one JSON Lines set."""
    evaluation = evaluate_pii(load_cases(path))
    result = evaluation.as_dict()
    result["structured"] = _pooled(evaluation.per_type, STRUCTURED)
    result["names_addresses"] = _pooled(evaluation.per_type, NAMES_ADDRESSES)
    result["errors"] = [
        {"id": case, "kind": kind, "span": list(span)} for case, kind, span in evaluation.errors
    ]
    return result


def _f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_tone_set(path: Path) -> dict[str, Any]:
    """Tone macro-F1, escalation precision/recall and per-category escalation recall."""
    from reisgenoot.language.tone import analyse_tone

    rows = _rows(path)
    found = [analyse_tone(r["text"]) for r in rows]
    per_tone = {}
    for tone in TONES:
        tp = sum(r["tone"] == tone and f.tone == tone for r, f in zip(rows, found, strict=True))
        fp = sum(r["tone"] != tone and f.tone == tone for r, f in zip(rows, found, strict=True))
        fn = sum(r["tone"] == tone and f.tone != tone for r, f in zip(rows, found, strict=True))
        per_tone[tone] = _f1(tp, fp, fn)
    pairs = list(zip(rows, found, strict=True))
    escalate = _f1(
        sum(r["escalate"] and f.escalate for r, f in pairs),
        sum(not r["escalate"] and f.escalate for r, f in pairs),
        sum(r["escalate"] and not f.escalate for r, f in pairs),
    )
    categories: dict[str, list[int]] = {}
    for r, f in pairs:
        if r["escalate"] and r.get("category"):
            hit = categories.setdefault(r["category"], [0, 0])
            hit[0] += f.escalate
            hit[1] += 1
    return {
        "utterances": len(rows),
        "macro_f1": round(sum(s["f1"] for s in per_tone.values()) / len(TONES), 4),
        "per_tone": per_tone,
        "escalate": escalate,
        "escalate_recall_per_category": {
            name: round(hit / total, 4) for name, (hit, total) in sorted(categories.items())
        },
        "errors": [
            {
                "id": r.get("id"),
                "tone": [f.tone, r["tone"]],
                "escalate": [f.escalate, r["escalate"]],
            }
            for r, f in pairs
            if f.tone != r["tone"] or f.escalate != r["escalate"]
        ],
    }


def evaluate_b1_set(path: Path) -> dict[str, Any]:
    """Share of texts whose B1 verdict matches the label."""
    from reisgenoot.language.readability import check_b1

    rows = _rows(path)
    right = sum(check_b1(r["text"]).b1 == r["b1"] for r in rows)
    return {"texts": len(rows), "accuracy": round(right / len(rows), 4) if rows else 0.0}


PII_FIGURES = [
    ("gestructureerd: recall", "structured.recall"),
    ("gestructureerd: precisie", "structured.precision"),
    ("namen en adressen: recall", "names_addresses.recall"),
    ("namen en adressen: precisie", "names_addresses.precision"),
    ("namen F1", "per_type.naam.f1"),
    ("adressen F1", "per_type.adres.f1"),
    ("zaaknummer recall", "per_type.zaaknummer.recall"),
    ("geboortedatum recall", "per_type.geboortedatum.recall"),
    ("macro-F1 (10 typen)", "macro_f1"),
]
TONE_FIGURES = [
    ("toon macro-F1", "macro_f1"),
    ("escaleren: precisie", "escalate.precision"),
    ("escaleren: recall", "escalate.recall"),
]
B1_FIGURES = [("B1 juistheid", "accuracy")]


def language_quality(
    *,
    own: Path = EVALUATION,
    blind: bool = True,
    test: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every quality figure of the language core on the three columns."""

    def sets(capability: str, own_file: Path) -> dict[str, Path | None]:
        return {
            "own": own_file,
            "blind_dev": blind_part(capability, "dev.jsonl") if blind else None,
            "blind_test": blind_part(capability, "test.jsonl") if blind and test else None,
        }

    results = {
        "pii": evaluate_columns(
            sets("pii", own / "pii" / "cases.jsonl"), evaluate_pii_set, progress=progress
        ),
        "tone": evaluate_columns(
            sets("tone", own / "tone" / "cases.jsonl"), evaluate_tone_set, progress=progress
        ),
        "b1": evaluate_columns(
            {"own": own / "b1" / "cases.jsonl"}, evaluate_b1_set, progress=progress
        ),
    }
    figures = {
        **columns(results["pii"], PII_FIGURES),
        **columns(results["tone"], TONE_FIGURES),
        **columns(results["b1"], B1_FIGURES),
    }
    return {"columns": figures, "sets": results}


def quality_lines(quality: dict[str, Any]) -> list[str]:
    """The three-column table, then the blind escalation recall per reason category."""
    lines = table(quality["columns"], title="Kwaliteit taalkern")
    for column in ("blind_dev", "blind_test"):
        tone = quality["sets"]["tone"].get(column)
        if tone:
            per = ", ".join(f"{k} {v:.2f}" for k, v in tone["escalate_recall_per_category"].items())
            lines.append(f"escaleren per reden ({column.replace('_', ' ')}): {per}")
    return lines
