"""Evaluation and benchmark of kennisbank retrieval and answers (``reisgenoot bench knowledge``).

The evaluation kennisbank is the demo municipality's kennisbank plus the Rijksoverheid
"vraag en antwoord" CSVs (CC0), imported through the normal import path into a throwaway
database, with the section index built by the normal index path. Queries are the project's
resident-style paraphrases in ``evaluation/knowledge/{dev,test}.jsonl`` (tune only on dev).

Reported, for ours and for plain BM25 (bm25s over the raw text) on the same data, in one run:
Recall@1, Recall@3, MRR and search latency; for ours also the hand-off rates and a reliability
table of the calibrated confidence; and search p95 latency for a 2,000-article kennisbank
made by replicating and perturbing the articles, on one core.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.knowledge.answering import Answerer, AnswerPolicy, choose_passage
from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder, Embedder
from reisgenoot.knowledge.index import build_index, load_vectors
from reisgenoot.knowledge.retrieval import Doc, Ranked, Ranking, Retriever, Weights, load_docs

EVALUATION = Path("evaluation/knowledge")
CACHE_NAME = "embeddings-e5.npz"


@dataclass(slots=True)
class Corpus:
    docs: list[Doc]
    vectors: dict[tuple[int, str], Any]
    embedder: Embedder


def load_queries(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def rijksoverheid_folder() -> Path:
    """The Rijksoverheid Q&A (CC0) shipped with the demo municipality."""
    return Path(str(resources.files("reisgenoot.demo") / "data"))


def _kennisbank_files(rijksoverheid: Path | None = None) -> list[Path]:
    from reisgenoot.knowledge.ingest import discover

    demo = Path(str(resources.files("reisgenoot.demo") / "kennisbank"))
    folder = rijksoverheid or rijksoverheid_folder()
    return discover(demo) + [p for p in discover(folder) if p.suffix == ".csv"]


def build_corpus(
    embedder: Embedder,
    *,
    rijksoverheid: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Import the evaluation kennisbank into a throwaway SQLite database and index it."""
    from reisgenoot.knowledge.ingest import read_all, store_articles
    from reisgenoot.settings import Settings
    from reisgenoot.store.engine import open_database

    with tempfile.TemporaryDirectory(prefix="rg-bench-kb-") as home:
        settings = Settings(home=Path(home), audit_key="bench", secret_key="bench")  # noqa: S106
        database = open_database(settings)
        try:
            with database.session() as session:
                articles = read_all(_kennisbank_files(rijksoverheid))
                store_articles(session, articles, audit_key=b"bench", actor="bench")
                build_index(session, embedder, progress=progress)
                docs = load_docs(session)
                vectors = load_vectors(session, embedder.model_id)
        finally:
            database.dispose()
    return Corpus(docs, {k: np.array(v) for k, v in vectors.items()}, embedder)


def cached_embedder(folder: Path = EVALUATION) -> CachedEmbedder:
    """The e5 embedder behind the evaluation's embedding cache (texts hashed, float16)."""
    return CachedEmbedder(E5Embedder(), folder / CACHE_NAME)


# --- quality ------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What the answerer decided about one question (the passage is not chosen here)."""

    query: str
    expected: list[str]
    ranked: list[str]
    confidence: float
    reason: str

    @property
    def answerable(self) -> bool:
        return bool(self.expected)

    @property
    def rank(self) -> int | None:
        return next((i for i, x in enumerate(self.ranked) if x in self.expected), None)

    @property
    def handed_over(self) -> bool:
        return self.reason != "answered"


def run_queries(
    retriever: Retriever,
    queries: Sequence[dict[str, Any]],
    policy: AnswerPolicy | None = None,
    *,
    depth: int = 10,
) -> list[Outcome]:
    """Decide every question as the answerer does (hand-off rules, re-ranker, confidence)."""
    answerer = Answerer(retriever, policy)
    outcomes: list[Outcome] = []
    for item in queries:
        decision = answerer.decide(item["query"], limit=depth)
        ranking: Ranking = decision.ranking
        outcomes.append(
            Outcome(
                item["query"],
                list(item["expected"]),
                [h.doc.source_id for h in ranking.hits],
                decision.confidence,
                decision.reason,
            )
        )
    return outcomes


def ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    n = max(len(ranks), 1)
    return {
        "recall_at_1": sum(1 for r in ranks if r == 0) / n,
        "recall_at_3": sum(1 for r in ranks if r is not None and r < 3) / n,
        "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "queries": float(len(ranks)),
    }


def handed_over(outcome: Outcome) -> bool:
    return outcome.handed_over


def handoff_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    inside = [o for o in outcomes if o.answerable]
    outside = [o for o in outcomes if not o.answerable]
    answered = [o for o in inside if not o.handed_over]
    return {
        "out_of_scope_handed_over": sum(o.handed_over for o in outside) / max(len(outside), 1),
        "answerable_handed_over": sum(o.handed_over for o in inside) / max(len(inside), 1),
        "answered_correct": sum(1 for o in answered if o.rank == 0) / max(len(answered), 1),
        "out_of_scope_queries": float(len(outside)),
    }


def reliability(outcomes: Sequence[Outcome], bins: int = 5) -> list[dict[str, float]]:
    """Per confidence bin: count, mean confidence, share whose top article is right."""
    rows: list[dict[str, float]] = []
    scored = [(o.confidence, o.rank == 0) for o in outcomes]
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in scored if low <= c < high or (b == bins - 1 and c == 1.0)]
        if inside:
            rows.append(
                {
                    "low": low,
                    "high": high,
                    "count": float(len(inside)),
                    "mean_confidence": statistics.fmean(c for c, _ok in inside),
                    "accuracy": sum(ok for _c, ok in inside) / len(inside),
                }
            )
    return rows


# --- passages -----------------------------------------------------------------------------


def passage_accuracy(
    retriever: Retriever, items: Sequence[dict[str, Any]], *, intents: bool = True
) -> dict[str, Any]:
    """Share of questions whose shown passage comes from an expected section.

    The article is given (``passages-*.jsonl``), so this measures only the choice of the
    passage: the article's hit from the ranking when it is among the first 20 (with the
    section the embeddings liked best), otherwise the article without that hint.
    ``intents=False`` is the choice before question intents were used (terms only).
    """
    by_id = {d.source_id: d for d in retriever.docs}
    misses: list[dict[str, str]] = []
    for item in items:
        ranking = retriever.rank(item["query"], limit=20)
        hit = next((h for h in ranking.hits if h.doc.source_id == item["article"]), None)
        if hit is None:
            hit = Ranked(by_id[item["article"]], 0.0, 0.0, 0.0, 0.0)
        question = item["query"] if intents else ""
        reading = ranking.understanding if intents else None
        chosen = choose_passage(hit, ranking.query_terms, retriever, question, reading)
        if chosen.field not in item["sections"]:
            misses.append({"query": item["query"], "expected": "|".join(item["sections"]),
                           "shown": chosen.field})  # fmt: skip
    total = max(len(items), 1)
    return {"accuracy": 1 - len(misses) / total, "questions": len(items), "misses": misses}


# --- the whole benchmark ------------------------------------------------------------------


def evaluate(
    corpus: Corpus,
    queries: Sequence[dict[str, Any]],
    policy: AnswerPolicy,
    weights: Weights,
    *,
    baselines: bool = True,
) -> dict[str, Any]:
    """Ranking quality (ours, and with ``baselines`` ours lexical-only and plain bm25s) and hand-off."""
    retriever = Retriever(
        corpus.docs, embedder=corpus.embedder, vectors=corpus.vectors, weights=weights
    )
    outcomes = run_queries(retriever, queries, policy)
    answerable = [o for o in outcomes if o.answerable]
    report: dict[str, Any] = {
        "ours": ranking_metrics([o.rank for o in answerable]),
        "handoff": handoff_metrics(outcomes),
        "reliability": reliability(outcomes),
    }
    if baselines:
        from reisgenoot.bench.knowledge_speed import PlainBM25

        lexical = Retriever(corpus.docs, weights=weights)
        plain = PlainBM25(corpus.docs)
        report["ours_lexical_only"] = ranking_metrics(
            [o.rank for o in run_queries(lexical, [q for q in queries if q["expected"]])]
        )
        report["bm25s"] = ranking_metrics(
            [
                next((i for i, x in enumerate(plain.rank(o.query)) if x in o.expected), None)
                for o in answerable
            ]
        )
    return report


def run_benchmark(
    folder: Path = EVALUATION,
    *,
    rijksoverheid: Path | None = None,
    fit: bool = False,
    speed: bool = True,
    blind_test: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Build the evaluation kennisbank, (optionally fit on dev), report dev and test.

    ``quality`` holds the three columns (own test set, blind dev, blind test; the last only
    with ``blind_test``)."""
    from reisgenoot.bench.knowledge_blind import blind_queries, three_columns

    embedder = cached_embedder(folder)
    corpus = build_corpus(embedder, rijksoverheid=rijksoverheid, progress=progress)
    dev = load_queries(folder / "dev.jsonl")
    test = load_queries(folder / "test.jsonl")
    blind = blind_queries(test=blind_test)
    embedder.embed_queries([q["query"] for q in dev + test + blind])
    embedder.save()
    report: dict[str, Any] = {"articles": len(corpus.docs), "model": embedder.model_id}
    if fit:
        from reisgenoot.bench.knowledge_fit import fit_all, write_calibration
        from reisgenoot.knowledge.retrieval import calibration_data

        report["calibration"], report["fit"] = fit_all(corpus)
        write_calibration(report["calibration"])
        calibration_data.cache_clear()
    from reisgenoot.knowledge.retrieval import default_weights

    weights, policy = default_weights(), AnswerPolicy.from_data()
    report["dev"] = evaluate(corpus, dev, policy, weights)
    report["test"] = evaluate(corpus, test, policy, weights)
    report["quality"] = three_columns(
        corpus, folder / "test.jsonl", policy, weights, test=blind_test
    )
    retriever = Retriever(corpus.docs, embedder=embedder, vectors=corpus.vectors, weights=weights)
    for split in ("dev", "test"):
        path = folder / f"passages-{split}.jsonl"
        if path.exists():
            items = load_queries(path)
            report[split]["passages"] = {
                "terms_only": passage_accuracy(retriever, items, intents=False),
                "with_intents": passage_accuracy(retriever, items),
            }
    if speed:
        from reisgenoot.bench.knowledge_speed import latency, scaled_corpus

        scaled = scaled_corpus(corpus)
        queries = [q["query"] for q in dev + test]
        report["latency"] = latency(
            scaled, queries, E5Embedder(threads=1), E5Embedder(threads=1, query_tokens=None)
        )
    embedder.save()
    return report


def write_demo_vectors(folder: Path = EVALUATION) -> Path:
    """Write the e5 vectors of the demo kennisbank's passages into the package.

    ``reisgenoot demo`` then indexes without embedding on the CPU. Run after changing demo
    articles: ``python -c "from reisgenoot.bench.knowledge import write_demo_vectors as w; w()"``.
    """
    from reisgenoot.demo.seed import demo_vectors, load_kennisbank
    from reisgenoot.knowledge.index import article_passages, searchable
    from reisgenoot.knowledge.ingest import store_articles
    from reisgenoot.settings import Settings
    from reisgenoot.store.engine import open_database

    with tempfile.TemporaryDirectory(prefix="rg-demo-vectors-") as home:
        settings = Settings(home=Path(home), audit_key="bench", secret_key="bench")  # noqa: S106
        database = open_database(settings)
        try:
            with database.session() as session:
                store_articles(session, load_kennisbank(), audit_key=b"bench", actor="bench")
                texts = sorted({p.text for a in searchable(session) for p in article_passages(a)})
        finally:
            database.dispose()
    embedder = cached_embedder(folder)
    embedder.embed_passages(texts)
    embedder.save()
    shipped = CachedEmbedder(embedder.inner, None)
    shipped.path = demo_vectors()
    shipped._cache = {key: embedder._cache[key] for key in (embedder._key("p", t) for t in texts)}
    shipped._dirty = True
    shipped.save()
    return shipped.path


def check_answerer(corpus: Corpus, question: str) -> dict[str, Any]:
    """One answer over the evaluation kennisbank (for manual inspection)."""
    retriever = Retriever(corpus.docs, embedder=corpus.embedder, vectors=corpus.vectors)
    return Answerer(retriever).ask(question).to_dict()


def _metric_row(label: str, metrics: dict[str, float]) -> str:
    return (
        f"  {label:<26} {metrics['recall_at_1']:>6.3f} {metrics['recall_at_3']:>6.3f} "
        f"{metrics['mrr']:>6.3f}"
    )


def report_lines(report: dict[str, Any]) -> list[str]:
    """The benchmark as a readable table (Dutch labels)."""
    from reisgenoot.bench.sets import table

    lines = [f"Testkennisbank: {report['articles']} artikelen, model {report['model']}", ""]
    lines += table(report["quality"]["columns"], title="Kennisbank")
    for split, label in (("dev", "Ontwikkelset (dev)"), ("test", "Testset (achtergehouden)")):
        part = report[split]
        lines += [
            "",
            f"{label}: {int(part['ours']['queries'])} vragen",
            "  Zoeker                        R@1    R@3    MRR",
        ]
        lines.append(_metric_row("Reisgenoot (hybride)", part["ours"]))
        if "ours_lexical_only" in part:
            lines.append(_metric_row("Reisgenoot (alleen woorden)", part["ours_lexical_only"]))
            lines.append(_metric_row("BM25 (bm25s, ruwe tekst)", part["bm25s"]))
        handoff = part["handoff"]
        lines.append(
            f"  Doorverwezen: buiten de kennisbank {handoff['out_of_scope_handed_over']:.2f}, "
            f"beantwoordbaar {handoff['answerable_handed_over']:.2f}; "
            f"juist van de beantwoorde {handoff['answered_correct']:.2f}"
        )
        if "passages" in part:
            before, after = part["passages"]["terms_only"], part["passages"]["with_intents"]
            lines.append(
                f"  Juiste passage ({after['questions']} vragen): {after['accuracy']:.3f} "
                f"(alleen woorden: {before['accuracy']:.3f})"
            )
        lines.append("  Betrouwbaarheid: zekerheid → aantal, gemiddelde zekerheid, aandeel juist")
        for row in part["reliability"]:
            lines.append(
                f"    {row['low']:.1f}–{row['high']:.1f}  {int(row['count']):>4}  "
                f"{row['mean_confidence']:.2f}  {row['accuracy']:.2f}"
            )
    if "latency" in report:
        lines += ["", *_latency_lines(report["latency"])]
    return lines


def _latency_lines(speed: dict[str, Any]) -> list[str]:
    load = speed.get("load_average")
    lines = [
        f"Snelheid op één kern, {speed['articles']} artikelen, p50 / p95 in ms"
        + (f" (belasting machine {load:.1f})" if load is not None else ""),
        "                                    kloktijd         rekentijd",
    ]
    rows = (
        ("full", "Reisgenoot, met vraag-embedding"),
        ("full_uncompacted", "  idem, lange vraag niet ingekort"),
        ("ranking", "Reisgenoot, alleen rangschikken"),
        ("bm25s", "BM25 (bm25s)"),
    )
    for key, label in rows:
        if key in speed:
            row = speed[key]
            lines.append(
                f"  {label:<32} {row['p50_ms']:6.1f} / {row['p95_ms']:6.1f}"
                f"   {row.get('cpu_p50_ms', 0.0):6.1f} / {row.get('cpu_p95_ms', 0.0):6.1f}"
            )
    return lines
