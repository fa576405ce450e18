"""Evaluation and benchmark of agent-assist registration (``reisgenoot bench assist``).

:func:`evaluate` scores registration drafts of ``evaluation/assist/transcripts`` against
``gold.jsonl``: UPL topic accuracy of the main question, per-question precision and recall,
gespreksresultaat accuracy (the contact's outcome, ``vragen[0]``), follow-up (interneTaak present)
precision/recall/F1, and personal-data leaks in ``onderwerp``, ``inhoud`` and ``specifiekeVraag``
(any gold personal-data string, or any entity the detector finds).

:func:`baseline` is the Signalen-style classifier: TF-IDF (word 1–2-grams) + logistic regression
trained on the *same* generated data (``assist/data/train.jsonl``), applied to all resident text of
a conversation (one label per conversation). scikit-learn is needed only here.

:func:`run_assist_bench` adds speed on one core: batch registration in transcripts per second
(ours, and the baseline's classification alone), and per-turn processing latency (p50/p95): the
work done for one new turn (redaction, tone of a resident turn, topic scores, outcome patterns).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from reisgenoot.assist.intent import turn_intent
from reisgenoot.assist.outcome import follow_up, gespreksresultaat
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.topics import classify
from reisgenoot.assist.transcript import Transcript, read_transcript
from reisgenoot.language.pii import detect, redact
from reisgenoot.language.tone import analyse_tone

EVALUATION = Path("evaluation/assist")
BASELINE_RECORD = "baseline.json"  # in the evaluation folder; see :func:`record_baseline`
PII_FIELDS = ("onderwerp", "inhoud")


def load_gold(folder: Path = EVALUATION) -> list[dict[str, Any]]:
    with (folder / "gold.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_transcripts(folder: Path, gold: Sequence[dict[str, Any]]) -> list[Transcript]:
    return [read_transcript(folder / "transcripts" / item["source"]) for item in gold]


def _pii_texts(draft: dict[str, Any]) -> list[str]:
    return [draft[f] for f in PII_FIELDS] + [v["specifiekeVraag"] for v in draft["vragen"]]


def _leaks(draft: dict[str, Any], gold_pii: Sequence[str]) -> list[str]:
    found: list[str] = []
    for text in _pii_texts(draft):
        lowered = text.lower()
        found += [p for p in gold_pii if p.lower() in lowered]
        found += [f"{e.type}:{e.text}" for e in detect(text)]
    return found


def _f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _score_one(draft: dict[str, Any], gold: dict[str, Any], tally: dict[str, Any]) -> None:
    gold_upls = [v["upl"] for v in gold["vragen"]]
    ours = [v["upl"] for v in draft["vragen"]]
    main_ok = ours[0] == gold_upls[0]
    outcome_ok = draft["vragen"][0]["gespreksresultaat"] == gold["vragen"][0]["gespreksresultaat"]
    tally["upl_main"] += main_ok
    tally["outcome"] += outcome_ok
    tally["count_ok"] += len(ours) == len(gold_upls)
    tally["q_tp"] += len(set(ours) & set(gold_upls))
    tally["q_fp"] += len(set(ours) - set(gold_upls))
    tally["q_fn"] += len(set(gold_upls) - set(ours))
    has_task, want_task = draft["interneTaak"] is not None, bool(gold["interneTaak"])
    tally["t_tp"] += has_task and want_task
    tally["t_fp"] += has_task and not want_task
    tally["t_fn"] += want_task and not has_task
    tally["kanaal"] += draft["kanaal"] == gold["kanaal"]
    leaks = _leaks(draft, gold.get("pii", []))
    tally["leaks"] += len(leaks)
    if not (main_ok and outcome_ok and has_task == want_task) or leaks:
        tally["errors"].append(
            {
                "source": gold["source"],
                "upl": [ours, gold_upls],
                "gespreksresultaat": [
                    draft["vragen"][0]["gespreksresultaat"],
                    gold["vragen"][0]["gespreksresultaat"],
                ],
                "interneTaak": [has_task, want_task],
                "leaks": leaks,
            }
        )


def evaluate(
    folder: Path = EVALUATION, drafts: Sequence[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Per-field quality of our registration drafts (made here unless given) on the set."""
    gold = load_gold(folder)
    if drafts is None:
        drafts = [draft_registration(t) for t in load_transcripts(folder, gold)]
    tally: dict[str, Any] = dict.fromkeys(
        (
            "upl_main",
            "outcome",
            "count_ok",
            "q_tp",
            "q_fp",
            "q_fn",
            "t_tp",
            "t_fp",
            "t_fn",
            "kanaal",
            "leaks",
        ),
        0,
    )
    tally["errors"] = []
    for item, draft in zip(gold, drafts, strict=True):
        _score_one(draft, item, tally)
    n = len(gold)
    return {
        "transcripts": n,
        "upl_accuracy": round(tally["upl_main"] / n, 4),
        "vragen": _f1(tally["q_tp"], tally["q_fp"], tally["q_fn"]),
        "question_count_accuracy": round(tally["count_ok"] / n, 4),
        "gespreksresultaat_accuracy": round(tally["outcome"] / n, 4),
        "follow_up": _f1(tally["t_tp"], tally["t_fp"], tally["t_fn"]),
        "kanaal_accuracy": round(tally["kanaal"] / n, 4),
        "pii_leaks": tally["leaks"],
        "errors": tally["errors"],
    }


# --- baseline ------------------------------------------------------------------------------


def _train_rows() -> list[dict[str, str]]:
    text = (
        resources.files("reisgenoot.assist")
        .joinpath("data", "train.jsonl")
        .read_text(encoding="utf-8")
    )
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def train_baseline() -> Callable[[Sequence[str]], list[str]]:
    """TF-IDF + logistic regression on the generated training data; returns ``predict``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rows = _train_rows()
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        LogisticRegression(C=20.0, max_iter=300),
    )
    pipeline.fit([r["text"] for r in rows], [r["upl"] for r in rows])

    def predict(texts: Sequence[str]) -> list[str]:
        return [str(label) for label in pipeline.predict(list(texts))]

    return predict


def resident_text(transcript: Transcript) -> str:
    return " ".join(t.text for t in transcript.turns if t.is_resident)


def baseline(
    folder: Path = EVALUATION, predict: Callable[[Sequence[str]], list[str]] | None = None
) -> dict[str, Any]:
    """UPL accuracy of the baseline on the evaluation set (main question)."""
    gold = load_gold(folder)
    transcripts = load_transcripts(folder, gold)
    predict = predict or train_baseline()
    labels = predict([resident_text(t) for t in transcripts])
    correct = sum(
        label == item["vragen"][0]["upl"] for label, item in zip(labels, gold, strict=True)
    )
    return {"transcripts": len(gold), "upl_accuracy": round(correct / len(gold), 4)}


def baseline_inputs(folder: Path = EVALUATION) -> dict[str, str]:
    """SHA-256 of what the baseline learns from (the training rows) and is applied to (each
    conversation's resident text, in the order of ``gold.jsonl``)."""
    gold = load_gold(folder)
    texts = [resident_text(t) for t in load_transcripts(folder, gold)]
    applied = json.dumps([[g["source"], t] for g, t in zip(gold, texts, strict=True)])
    train = resources.files("reisgenoot.assist").joinpath("data", "train.jsonl").read_bytes()
    return {
        "train": hashlib.sha256(train).hexdigest(),
        "resident_text": hashlib.sha256(applied.encode("utf-8")).hexdigest(),
    }


def record_baseline(folder: Path = EVALUATION) -> dict[str, Any]:
    """Train the baseline and write its prediction per conversation, with the digests of its
    inputs, to ``folder/baseline.json``; the test suite compares with these (training the
    baseline takes about a CPU minute) and fails when the inputs no longer match."""
    gold = load_gold(folder)
    labels = train_baseline()([resident_text(t) for t in load_transcripts(folder, gold)])
    record = {
        "inputs": baseline_inputs(folder),
        "predictions": {item["source"]: label for item, label in zip(gold, labels, strict=True)},
    }
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
    (folder / BASELINE_RECORD).write_text(text + "\n", encoding="utf-8")
    return record


def recorded_baseline(folder: Path = EVALUATION) -> dict[str, Any]:
    """UPL accuracy of the recorded baseline predictions against the current gold labels, and
    the digests of the inputs they were made from."""
    record = json.loads((folder / BASELINE_RECORD).read_text(encoding="utf-8"))
    gold = load_gold(folder)
    predictions: dict[str, str] = record["predictions"]
    correct = sum(predictions.get(item["source"]) == item["vragen"][0]["upl"] for item in gold)
    return {
        "transcripts": len(gold),
        "upl_accuracy": round(correct / len(gold), 4),
        "inputs": record["inputs"],
    }


# --- speed ---------------------------------------------------------------------------------


def _rate(work: Callable[[], object], items: int, seconds: float) -> float:
    work()  # warm-up
    done, start = 0, time.perf_counter()
    while True:
        work()
        done += items
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def _turn_latencies(transcripts: Sequence[Transcript]) -> list[float]:
    """Milliseconds of work per new turn (incremental view of a live conversation)."""
    latencies: list[float] = []
    for transcript in transcripts:
        turns = transcript.turns
        for index, turn in enumerate(turns):
            start = time.perf_counter()
            redact(turn.text)
            if turn.is_resident:
                analyse_tone(turn.text)
                classify(turn.text)
                turn_intent(turn.text)  # live assist reads the intent once per resident turn
            gespreksresultaat(turns[: index + 1])
            follow_up(turns[max(0, index - 2) : index + 1])
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_assist_bench(folder: Path = EVALUATION, seconds: float = 3.0) -> dict[str, Any]:
    """Quality of ours vs the baseline, batch speed, and per-turn latency (one core)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    gold = load_gold(folder)
    transcripts = load_transcripts(folder, gold)
    quality = evaluate(folder)
    predict = train_baseline()
    theirs = baseline(folder, predict)
    texts = [resident_text(t) for t in transcripts]
    ours_rate = _rate(
        lambda: [draft_registration(t) for t in transcripts], len(transcripts), seconds
    )
    base_rate = _rate(lambda: predict(texts), len(texts), seconds)
    _turn_latencies(transcripts)  # warm caches
    latencies = _turn_latencies(transcripts)
    return {
        "corpus": str(folder),
        "quality": {key: value for key, value in quality.items() if key != "errors"},
        "errors": quality["errors"],
        "baseline": theirs,
        "speed": {
            "ours_transcripts_per_s": round(ours_rate, 1),
            "baseline_classification_per_s": round(base_rate, 1),
            "turn_p50_ms": round(statistics.median(latencies), 2),
            "turn_p95_ms": round(_percentile(latencies, 0.95), 2),
            "turns": len(latencies),
        },
    }
