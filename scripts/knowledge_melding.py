"""A report of a problem is not one's own case: the person gate on writers it never saw (ADR 89).

    .venv/bin/python scripts/knowledge_melding.py collect   # rows → build/knowledge-melding.pkl
    .venv/bin/python scripts/knowledge_melding.py probe     # hand-offs by intent, held out
    .venv/bin/python scripts/knowledge_melding.py sentences # first sentence right by intent
    .venv/bin/python scripts/knowledge_melding.py fit       # the own-case head → package data

``collect`` decides every question of the intent writers once as the answerer does (the bench's
evaluation kennisbank, main's re-ranker, confidence and scope) and keeps what the hand-off needs
besides the intent reading: the question's e5 vector, the tone, the decision without the person
gate (confidence and scope) and the heads' reading. ``probe`` then counts, per labelled intent,
how the questions of writers I3 and I4 (``training-data/intent-more.jsonl``, in no shipped fit)
are handed over — the shipped reading against an own-case reading of
:func:`reisgenoot.knowledge.understanding_train.fit_gate_intent` fitted with the other writer
held out (I1, I2 and one of I3/I4; judged on the other). The people who must get a person are
judged by ``reisgenoot bench knowledge`` (blind dev) and ``scripts/knowledge_gate.py``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "build" / "knowledge-melding.pkl"
TRAINING = ROOT / "training-data"
PROBED = ("melding", "status_eigen_zaak", "klacht", "procedure", "verlengen")


def _load(name: str) -> list[dict[str, Any]]:
    with (TRAINING / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def collect(path: Path = ROWS) -> None:
    from reisgenoot.bench.knowledge import build_corpus, cached_embedder
    from reisgenoot.bench.knowledge_fit import retriever_for_fitting
    from reisgenoot.knowledge.answering import Answerer

    retriever, embedder = retriever_for_fitting(build_corpus(cached_embedder()))
    answerer = Answerer(retriever)
    rows = []
    questions = _load("intent-more.jsonl")
    for k, row in enumerate(questions):
        if k % 100 == 0:
            print(f"{k}/{len(questions)}", file=sys.stderr)
        decision = answerer.decide(row["text"])
        rows.append(
            {"writer": row["writer"], "intent": row["intent"], "text": row["text"],
             "situatie": row.get("situatie"), "reason": decision.reason,
             "policy": answerer.policy.reason(decision.confidence, decision.scope),
             "vector": retriever.query_vector(row["text"])}
        )  # fmt: skip
    base = [r["text"] for r in _load("intent.jsonl")]
    vectors = embedder.embed_queries(base)
    embedder.save()
    stored = {"rows": rows, "base": dict(zip(base, vectors, strict=True))}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(stored))
    print(f"{len(rows)} rows → {path}")


def _stored(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        found: dict[str, Any] = pickle.load(handle)  # noqa: S301 - our own build file
    return found


def _reasons(rows: list[dict[str, Any]], models: Any) -> list[str]:
    """The answerer's reason for each row with ``models`` reading the question."""
    from reisgenoot.knowledge.handoff import handoff_reason

    model_id = models.model_id
    found = []
    for row in rows:
        reading = models.understand(row["text"], row["vector"], model_id)
        found.append(handoff_reason(row["text"], reading) or row["policy"])
    return found


def _table(rows: list[dict[str, Any]], reasons: list[str], label: str) -> list[str]:
    lines = [f"{label}:"]
    for intent in PROBED:
        picked = [r for row, r in zip(rows, reasons, strict=True) if row["intent"] == intent]
        counts = Counter(picked)
        person = sum(counts[k] for k in ("personal_case", "escalation", "asks_for_person"))
        parts = ", ".join(f"{k} {n}" for k, n in counts.most_common())
        lines.append(f"  {intent:18} n={len(picked):3}  to a person {person:3}  ({parts})")
    return lines


def shipped_heads() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shipped heads' ``understanding.json`` and arrays (without an own-case head)."""
    from reisgenoot.knowledge.understanding import GATE_INTENT, models_folder

    folder = models_folder()
    meta = json.loads((folder / "understanding.json").read_text(encoding="utf-8"))
    meta["heads"].pop(GATE_INTENT, None)
    with (folder / "understanding.npz").open("rb") as handle, np.load(handle) as stored:
        arrays = {k: stored[k] for k in stored.files if not k.startswith(GATE_INTENT)}
    return meta, arrays


def gate_rows(stored: dict[str, Any], without: str | None = None) -> tuple[list[Any], Any]:
    """The four intent writers' rows (``without`` one writer) and their e5 vectors."""
    base = [{"text": r["text"], "intent": r["intent"]} for r in _load("intent.jsonl")]
    more = [r for r in stored["rows"] if r["writer"] != without]
    train = base + [{"text": r["text"], "intent": r["intent"]} for r in more]
    vectors = np.vstack([stored["base"][r["text"]] for r in base] + [r["vector"] for r in more])
    return train, vectors


def probe(path: Path = ROWS) -> None:
    from reisgenoot.knowledge.understanding_train import Trained, fit_gate_intent

    stored = _stored(path)
    rows = stored["rows"]
    meta, arrays = shipped_heads()
    shipped = Trained(meta, arrays).models()
    print("\n".join(_table(rows, [r["reason"] for r in rows], "as decided (package heads)")))
    print("\n".join(_table(rows, _reasons(rows, shipped), "main's heads, no own-case head")))
    held: list[dict[str, Any]] = []
    reasons: list[str] = []
    for writer in ("I3", "I4"):
        train, vectors = gate_rows(stored, without=writer)
        models = fit_gate_intent(meta, arrays, train, vectors).models()
        judged = [r for r in rows if r["writer"] == writer]
        held += judged
        reasons += _reasons(judged, models)
    print("\n".join(_table(held, reasons, "own-case head of the other writers (held out)")))


def sentences() -> None:
    """Blind dev K1/K2 of the answer-sentence annotations: first sentence right by intent."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import answer_sentence_eval as ase

    items = [json.loads(line) for line in ase.KEY.open(encoding="utf-8")]
    items = [i for i in items if i["id"].startswith(("K1", "K2"))]
    chosen = ase.choices(items)
    notes = ase.load_annotations()
    retriever = ase.retriever_for(items)
    by_intent: dict[str, list[float]] = {}
    for item in items:
        reading = retriever.understand(item["question"])
        marks = [ase.accepted(m[item["id"]]) for m in notes.values() if item["id"] in m]
        rated = [s for s in marks if s]
        if reading is None or not rated:
            continue
        right = sum(chosen[item["id"]] in s for s in rated) / len(rated)
        by_intent.setdefault(reading.intent, []).append(right)
    total = [r for v in by_intent.values() for r in v]
    print(f"blind dev K1/K2 rated items {len(total)}, first sentence right {np.mean(total):.3f}")
    for intent, found in sorted(by_intent.items(), key=lambda kv: -len(kv[1])):
        wrong = len(found) - sum(found)
        print(
            f"  read as {intent:20} n={len(found):3}  right {np.mean(found):.3f}  wrong {wrong:.1f}"
        )


def fit(out: Path | None = None) -> None:
    """The shipped heads with the own-case head fitted on all four intent writers."""
    from reisgenoot.bench.knowledge_fit import TRAINING_CACHE
    from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
    from reisgenoot.knowledge.understanding_train import Trained, with_gate_intent

    embedder = CachedEmbedder(E5Embedder(), ROOT / TRAINING_CACHE)
    trained = with_gate_intent(Trained(*shipped_heads()), TRAINING, embedder)
    embedder.save()
    folder = out or ROOT / "src" / "reisgenoot" / "knowledge" / "data"
    trained.save(folder)
    print(f"own-case head → {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("collect", "probe", "sentences", "fit"))
    parser.add_argument("--out", type=Path, help="fit: write the heads here (default: package)")
    args = parser.parse_args()
    if args.step == "fit":
        fit(args.out)
        return
    {"collect": collect, "probe": probe, "sentences": sentences}[args.step]()


if __name__ == "__main__":
    main()
