"""``reisgenoot bench llm``: the model path beside the offline path, on the same sets.

A municipality points this at its own model (``--base-url``, ``--model``) before it switches
the model on. Every figure is printed for the offline path and the model path, in the three
columns of every bench (own set, blind dev, blind test):

- **kennisbank** (``evaluation/knowledge/test.jsonl``, ``evaluation/blind/kennisbank``): of
  the questions answered, the share whose shown answer cites the right article, the share at
  B1, the mean length; for the model path also the share of its drafts shown (the rest fell
  back: refused by a guard, too late, or broken) and how many each guard refused;
- **registration** (``evaluation/assist``, ``evaluation/blind/transcripts``): UPL accuracy of
  the main question with and without the second opinion, the share of summaries written by
  the model, and conversations whose summary holds a gold personal-data string;
- **escalation** (``evaluation/blind/tone``): precision and recall of ``escalate`` with and
  without the second opinion.

Latency per model call (median, 95th percentile) comes from the audit records of the run.
``--limit N`` takes the first N items of each set (a small model on a CPU is slow).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.bench.knowledge import EVALUATION as KB_EVALUATION
from reisgenoot.bench.knowledge import Corpus, build_corpus, cached_embedder, load_queries
from reisgenoot.bench.sets import EVALUATION, blind_part, columns, evaluate_columns
from reisgenoot.knowledge.answering import Answer, Answerer
from reisgenoot.knowledge.retrieval import Retriever
from reisgenoot.language.tone import analyse_tone
from reisgenoot.llm import opinion
from reisgenoot.llm.generate import GuardedModel, Use
from reisgenoot.llm.openai_compatible import OpenAICompatibleChat

FIGURES = [
    ("kennisbank: beantwoord", "kb.answered"),
    ("kennisbank: juiste bron, offline", "kb.offline.right_source"),
    ("kennisbank: juiste bron, model", "kb.model.right_source"),
    ("kennisbank: B1, offline", "kb.offline.b1"),
    ("kennisbank: B1, model", "kb.model.b1"),
    ("kennisbank: lengte (tekens), offline", "kb.offline.length"),
    ("kennisbank: lengte (tekens), model", "kb.model.length"),
    ("kennisbank: modeltekst getoond", "kb.model.shown"),
    ("registratie: UPL hoofdvraag, offline", "reg.offline.upl"),
    ("registratie: UPL hoofdvraag, model", "reg.model.upl"),
    ("registratie: samenvatting door model", "reg.model.summary_shown"),
    ("registratie: persoonsgegevens in samenvatting, offline", "reg.offline.leaks"),
    ("registratie: persoonsgegevens in samenvatting, model", "reg.model.leaks"),
    ("escalatie: precisie, offline", "tone.offline.precision"),
    ("escalatie: precisie, model", "tone.model.precision"),
    ("escalatie: recall, offline", "tone.offline.recall"),
    ("escalatie: recall, model", "tone.model.recall"),
]


class Recorder:
    """Collects each model use and its duration (the bench's own audit sink)."""

    def __init__(self) -> None:
        self.uses: list[Use] = []
        self.seconds: list[float] = []
        self._started = time.perf_counter()

    def __call__(self, use: Use) -> None:
        now = time.perf_counter()
        self.uses.append(use)
        self.seconds.append(now - self._started)
        self._started = now

    def start(self) -> None:
        self._started = time.perf_counter()


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _path_figures(answers: Sequence[tuple[Answer, list[str]]]) -> dict[str, Any]:
    shown = [(a, e) for a, e in answers if a.answer]
    return {
        "right_source": _share([bool(a.sources) and a.sources[0].id in e for a, e in shown]),
        "b1": _share([bool(a.b1) for a, _e in shown]),
        "length": _mean([len(a.answer or "") for a, _e in shown]),
    }


def evaluate_kennisbank(
    retriever: Retriever, model: GuardedModel, recorder: Recorder, items: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    offline, guarded = Answerer(retriever), Answerer(retriever, model=model)
    pairs: list[tuple[Answer, Answer, list[str]]] = []
    for item in items:
        first = offline.ask(item["query"])
        if first.handoff:
            continue
        recorder.start()
        pairs.append((first, guarded.ask(item["query"]), list(item.get("expected", []))))
    return {
        "answered": len(pairs),
        "offline": _path_figures([(a, e) for a, _m, e in pairs]),
        "model": {
            **_path_figures([(m, e) for _a, m, e in pairs]),
            "shown": _share([m.model is not None for _a, m, _e in pairs]),
        },
    }


def evaluate_registration(
    model: GuardedModel, recorder: Recorder, folder: Path, limit: int
) -> dict[str, Any]:
    from reisgenoot.assist.registration import draft_registration
    from reisgenoot.bench.assist import load_gold, load_transcripts

    gold = load_gold(folder)[:limit]
    transcripts = load_transcripts(folder, gold)
    offline_right, model_right, summaries, leaks = [], [], [], [0, 0]
    for transcript, item in zip(transcripts, gold, strict=True):
        expected = item["vragen"][0]["upl"]
        offline = draft_registration(transcript)
        offline_right.append(offline["vragen"][0]["upl"] == expected)
        recorder.start()
        draft = draft_registration(transcript, model=model)
        model_right.append(draft["vragen"][0]["upl"] == expected)
        summaries.append("taalmodel" in draft["explanations"]["inhoud"]["why"])
        for index, one in enumerate((offline, draft)):
            leaks[index] += any(p.lower() in one["inhoud"].lower() for p in item.get("pii", []))
    return {
        "offline": {"upl": _share(offline_right), "leaks": leaks[0]},
        "model": {
            "upl": _share(model_right), "summary_shown": _share(summaries), "leaks": leaks[1],
        },
    }  # fmt: skip


def _precision_recall(predicted: Sequence[bool], gold: Sequence[bool]) -> dict[str, float | None]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    return {
        "precision": round(tp / sum(predicted), 4) if any(predicted) else None,
        "recall": round(tp / sum(gold), 4) if any(gold) else None,
    }


def evaluate_tone(
    model: GuardedModel, recorder: Recorder, items: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    gold = [bool(i["escalate"]) for i in items]
    offline, second = [], []
    for item in items:
        tone = analyse_tone(item["text"])
        offline.append(tone.escalate)
        recorder.start()
        said = opinion.second_escalation(model, item["text"], tone.escalate, tone.intensity)
        second.append(said.label == "ja")
    return {"offline": _precision_recall(offline, gold), "model": _precision_recall(second, gold)}


def _jsonl(path: Path, limit: int) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()][:limit]


def _evaluate_set(
    paths: dict[str, Path | None],
    retriever: Retriever,
    model: GuardedModel,
    recorder: Recorder,
    limit: int,
) -> Callable[[Path], dict[str, Any]]:
    def evaluate(kb_path: Path) -> dict[str, Any]:
        column = next(c for c, p in paths.items() if p == kb_path)
        result: dict[str, Any] = {
            "kb": evaluate_kennisbank(retriever, model, recorder, load_queries(kb_path)[:limit])
        }
        folder = REGISTRATION[column]
        if folder is not None and (folder / "gold.jsonl").is_file():
            result["reg"] = evaluate_registration(model, recorder, folder, limit)
        tone = TONE[column]
        if tone is not None and tone.is_file():
            result["tone"] = evaluate_tone(model, recorder, _jsonl(tone, limit))
        return result

    return evaluate


REGISTRATION: dict[str, Path | None] = {
    "own": EVALUATION / "assist",
    "blind_dev": blind_part("transcripts", "dev"),
    "blind_test": blind_part("transcripts", "test"),
}
TONE: dict[str, Path | None] = {
    "own": None,
    "blind_dev": blind_part("tone", "dev.jsonl"),
    "blind_test": blind_part("tone", "test.jsonl"),
}


def _percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)


def run_llm_bench(
    base_url: str,
    model_name: str,
    *,
    api_key: str | None = None,
    timeout: float = 20.0,
    limit: int = 50,
    blind_test: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Both paths on every set; see the module docstring."""
    recorder = Recorder()
    chat = OpenAICompatibleChat(base_url, model_name, api_key=api_key, timeout=timeout)
    model = GuardedModel(chat, on_use=recorder)
    embedder = cached_embedder(KB_EVALUATION)
    corpus: Corpus = build_corpus(embedder)
    retriever = Retriever(corpus.docs, embedder=embedder, vectors=corpus.vectors)
    paths: dict[str, Path | None] = {
        "own": KB_EVALUATION / "test.jsonl",
        "blind_dev": blind_part("kennisbank", "dev.jsonl"),
        "blind_test": blind_part("kennisbank", "test.jsonl") if blind_test else None,
    }
    try:
        results = evaluate_columns(
            paths, _evaluate_set(paths, retriever, model, recorder, limit), progress=progress
        )
    finally:
        chat.close()
    return {
        "model": model_name,
        "limit": limit,
        "columns": columns(results, FIGURES),
        "calls": len(recorder.uses),
        "results": dict(Counter(u.result for u in recorder.uses)),
        "latency_seconds": {
            "median": _percentile(recorder.seconds, 0.5),
            "p95": _percentile(recorder.seconds, 0.95),
        },
        "sets": results,
    }


def report_lines(report: dict[str, Any]) -> list[str]:
    from reisgenoot.bench.sets import table

    lines = table(report["columns"], title=f"model {report['model']} (eerste {report['limit']})")
    latency = report["latency_seconds"]
    lines += [
        "",
        f"modelaanroepen: {report['calls']}; mediaan {latency['median']} s, p95 {latency['p95']} s",
        "uitkomst per aanroep: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["results"].items())),
    ]
    return lines
