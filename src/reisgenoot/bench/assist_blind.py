"""Registration figures in three columns: the own transcripts, blind dev and blind test.

Each column is a folder with ``gold.jsonl`` and ``transcripts/`` (the own set
``evaluation/assist``, the blind ``evaluation/blind/transcripts/{dev,test}``). Besides the
figures of :func:`reisgenoot.bench.assist.evaluate` and the TF-IDF baseline, two more:

- **agreed time captured**: for a conversation whose gold names an appointment, a deadline or a
  callback window ("dinsdag 14 januari om 10.20 uur", "voor vijf uur"), the share whose numbers
  and time words all appear in the draft (``inhoud``, the questions, the task);
- **outcome and task agree**: the share of drafts where a follow-up task goes with an outcome
  other than "Zelfstandig afgehandeld" and no task with any outcome that needs one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.bench.assist import EVALUATION, evaluate, load_gold, load_transcripts, resident_text
from reisgenoot.bench.sets import blind_part, columns, evaluate_columns
from reisgenoot.language.calendar import MONTHS

TIME_WORDS = frozenset(
    [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "morgen",
        "overmorgen",
        "ochtend",
        "middag",
        "avond",
        *MONTHS,
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "half",
        "kwart",
    ]
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+")

FIGURES = [
    ("UPL hoofdvraag", "upl_accuracy"),
    ("UPL hoofdvraag, basislijn TF-IDF", "baseline_upl_accuracy"),
    ("vragen F1", "vragen.f1"),
    ("aantal vragen juist", "question_count_accuracy"),
    ("gespreksresultaat", "gespreksresultaat_accuracy"),
    ("vervolgtaak F1", "follow_up.f1"),
    ("kanaal", "kanaal_accuracy"),
    ("gesprekken met persoonsgegevens in de samenvatting", "conversations_with_leak"),
    ("afspraak of termijn vastgelegd", "time_captured"),
    ("resultaat en taak kloppen samen", "outcome_task_agree"),
]


def _draft_text(draft: dict[str, Any]) -> str:
    task = draft.get("interneTaak") or {}
    parts = [draft.get("inhoud", ""), draft.get("onderwerp", "")]
    parts += [v.get("specifiekeVraag", "") for v in draft["vragen"]]
    parts += [str(task.get("gevraagdeHandeling", "")), str(task.get("toelichting", ""))]
    return " ".join(p for p in parts if p).lower()


def _time_tokens(phrase: str) -> set[str]:
    return {t for t in _TOKEN.findall(phrase.lower()) if t.isdigit() or t in TIME_WORDS}


def time_captured(drafts: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]]) -> float | None:
    """Share of conversations with an agreed time whose time tokens all reach the draft."""
    hits = []
    for draft, item in zip(drafts, gold, strict=True):
        phrases = [item.get("afspraak"), (item.get("taak") or {}).get("terugbeltijd")]
        wanted = set().union(*(_time_tokens(p) for p in phrases if p))
        if wanted:
            found = set(_TOKEN.findall(_draft_text(draft)))
            hits.append(wanted <= found)
    return round(sum(hits) / len(hits), 4) if hits else None


def outcome_task_agree(drafts: Sequence[dict[str, Any]]) -> float:
    """Share of drafts whose task and outcome do not contradict each other."""
    agree = 0
    for draft in drafts:
        outcomes = {v["gespreksresultaat"] for v in draft["vragen"]}
        has_task = draft["interneTaak"] is not None
        agree += not (has_task and outcomes == {"Zelfstandig afgehandeld"})
    return round(agree / len(drafts), 4) if drafts else 0.0


def evaluate_folder(
    folder: Path, predict: Callable[[Sequence[str]], list[str]] | None
) -> dict[str, Any]:
    """All registration figures for one folder (ours, and the baseline when ``predict``)."""
    from reisgenoot.assist.registration import draft_registration

    gold = load_gold(folder)
    transcripts = load_transcripts(folder, gold)
    drafts = [draft_registration(t) for t in transcripts]
    result = evaluate(folder, drafts)
    result["conversations_with_leak"] = len({e["source"] for e in result["errors"] if e["leaks"]})
    result["time_captured"] = time_captured(drafts, gold)
    result["outcome_task_agree"] = outcome_task_agree(drafts)
    if predict is not None:
        labels = predict([resident_text(t) for t in transcripts])
        right = sum(a == g["vragen"][0]["upl"] for a, g in zip(labels, gold, strict=True))
        result["baseline_upl_accuracy"] = round(right / len(gold), 4)
    return result


def three_columns(
    *,
    own: Path = EVALUATION,
    test: bool = True,
    predict: Callable[[Sequence[str]], list[str]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The registration figures on the own set, blind dev and (unless ``test`` is off) blind test."""
    sets: dict[str, Path | None] = {
        "own": own,
        "blind_dev": blind_part("transcripts", "dev"),
        "blind_test": blind_part("transcripts", "test") if test else None,
    }
    results = evaluate_columns(sets, lambda p: evaluate_folder(p, predict), progress=progress)
    return {"columns": columns(results, FIGURES), "sets": results}
