"""Hybrid retrieval over the demo kennisbank, the stored index, and the held-out quality."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.index import SectionEmbedding, build_index
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.retrieval import Retriever, from_session
from reisgenoot.knowledge.search import clear_cache, search
from reisgenoot.store.engine import Database

ROOT = Path(__file__).resolve().parents[2]
RIJKSOVERHEID = ROOT / "src" / "reisgenoot" / "demo" / "data"
NOTICE = ArticleData(
    source="voorbeeldstad",
    source_id="vbs-crisis-afval",
    title="Storing afvalinzameling",
    kind="crisismelding",
    sections={"tekst": "Door een storing wordt het afval deze week een dag later opgehaald."},
    trefwoorden=["afval", "ophalen"],
)
HIDDEN = ArticleData(
    source="voorbeeldstad",
    source_id="vbs-concept",
    title="Afval scheiden (concept)",
    status="non-actief",
    sections={"tekst": "Dit artikel is nog niet goedgekeurd."},
)


@pytest.fixture
def demo(db: Database, embedder: CachedEmbedder) -> Iterator[Database]:
    clear_cache()
    with db.session() as session:
        store_articles(session, [*load_kennisbank(), NOTICE, HIDDEN], audit_key=b"k", actor="t")
        build_index(session, embedder)
    yield db
    clear_cache()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "ik woon in het centrum en wil mijn auto voor de deur kunnen zetten",
            "vbs-parkeervergunning",
        ),
        ("mijn pasport is verlopen, hoe kom ik aan een nieuwe", "vbs-paspoort"),
        ("ons bankstel en een oud matras moeten weg", "vbs-grofvuil"),
        ("Mijn id-kaart is gestolen", "vbs-reisdocument-kwijt"),
    ],
)
def test_resident_questions_find_the_article(
    demo: Database, embedder: CachedEmbedder, query: str, expected: str
) -> None:
    with demo.session() as session:
        ranking = from_session(session, embedder).rank(query, limit=3)
    assert ranking.hits[0].doc.source_id == expected


def test_one_result_per_article_and_no_notices_or_inactive(
    demo: Database, embedder: CachedEmbedder
) -> None:
    with demo.session() as session:
        ids = [h.id for h in search(session, "afval ophalen storing", limit=20, embedder=embedder)]
    assert len(ids) == len(set(ids))
    assert "vbs-crisis-afval" not in ids and "vbs-concept" not in ids


def test_desk_memo_is_not_searched(demo: Database) -> None:
    with demo.session() as session:
        memo = session.scalar(
            select(Article.desk_memo).where(Article.source_id == "vbs-parkeervergunning")
        )
        assert memo and "naheffingsaanslag" in memo
        ids = [h.id for h in search(session, "naheffingsaanslag", limit=10)]
    assert "vbs-parkeervergunning" not in ids


def test_lexical_fallback_without_embedder_and_typos(demo: Database) -> None:
    with demo.session() as session:
        hits = search(session, "rijbewys verlengen", limit=3)
    assert hits and hits[0].id == "vbs-rijbewijs"
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_index_is_incremental(demo: Database, embedder: CachedEmbedder) -> None:
    calls: list[tuple[int, int]] = []
    with demo.session() as session:
        again = build_index(session, embedder, progress=lambda d, t: calls.append((d, t)))
        assert again.embedded == 0 and again.reused > 100
        article = session.scalar(select(Article).where(Article.source_id == "vbs-grofvuil"))
        assert article is not None
        article.kosten_en_betaalmethoden = "Ophalen kost € 30,00 per keer."
        changed = build_index(session, embedder, progress=lambda d, t: calls.append((d, t)))
        article.status = "non-actief"
        removed = build_index(session, embedder)
        rows = session.scalars(
            select(SectionEmbedding).where(SectionEmbedding.article_id == article.id)
        ).all()
    assert changed.embedded == 1 and changed.changed_articles == {article.id}
    assert calls[-1] == (1, 1)
    assert removed.removed > 0 and rows == []


def test_fusion_weights_change_only_the_ranking_mix(
    demo: Database, embedder: CachedEmbedder
) -> None:
    with demo.session() as session:
        retriever = from_session(session, embedder)
    lexical_only = Retriever(retriever.docs)
    query = "vergunning om te parkeren"
    assert lexical_only.rank(query).hits[0].doc.source_id == "vbs-parkeervergunning"
    assert not np.isnan(retriever.rank(query).hits[0].score)


def test_held_out_targets(embedder: CachedEmbedder) -> None:
    """Quality on evaluation/knowledge/test.jsonl (never tuned on): the issue's targets."""
    from reisgenoot.bench.knowledge import build_corpus, evaluate, load_queries
    from reisgenoot.knowledge.answering import AnswerPolicy
    from reisgenoot.knowledge.retrieval import default_weights

    corpus = build_corpus(embedder, rijksoverheid=RIJKSOVERHEID)
    test = load_queries(ROOT / "evaluation" / "knowledge" / "test.jsonl")
    report = evaluate(corpus, test, AnswerPolicy.from_data(), default_weights(), baselines=False)
    assert report["ours"]["recall_at_1"] >= 0.80
    assert report["ours"]["recall_at_3"] >= 0.92
    assert report["handoff"]["out_of_scope_handed_over"] >= 0.90
    assert report["handoff"]["answerable_handed_over"] <= 0.10
    # Not an issue target: fewer hand-offs mean some answers from a wrong top article; 0.892
    # since the 2026-11-29 (second) calibration, was 0.91 — see the evaluation README.
    assert report["handoff"]["answered_correct"] >= 0.88


def test_held_out_passages(embedder: CachedEmbedder) -> None:
    """The shown passage comes from the section that answers (passages-test.jsonl, held out)."""
    from reisgenoot.bench.knowledge import build_corpus, load_queries, passage_accuracy
    from reisgenoot.knowledge.retrieval import default_weights

    corpus = build_corpus(embedder, rijksoverheid=RIJKSOVERHEID)
    retriever = Retriever(
        corpus.docs, embedder=embedder, vectors=corpus.vectors, weights=default_weights()
    )
    items = load_queries(ROOT / "evaluation" / "knowledge" / "passages-test.jsonl")
    assert len(items) >= 20
    with_intents = passage_accuracy(retriever, items)["accuracy"]
    terms_only = passage_accuracy(retriever, items, intents=False)["accuracy"]
    assert with_intents >= 0.80 and with_intents > terms_only


def test_a_cold_retriever_is_built_once_for_requests_at_the_same_time(
    demo: Database, embedder: CachedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: a process that had not answered yet built one retriever per waiting request
    (each holding a database connection); now one is built and the others wait for it."""
    from reisgenoot.knowledge import search as search_module

    built: list[Retriever] = []

    def slow_build(*args: Any, **kwargs: Any) -> Retriever:
        time.sleep(0.3)  # long enough for every thread to ask meanwhile
        built.append(from_session(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(search_module, "from_session", slow_build)
    clear_cache()
    start = threading.Barrier(6)

    def one() -> Retriever:
        with demo.session() as session:
            start.wait(timeout=30)
            return search_module.cached_retriever(session, embedder)

    with ThreadPoolExecutor(6) as pool:
        found = list(pool.map(lambda _n: one(), range(6)))
    assert len(built) == 1
    assert all(retriever is built[0] for retriever in found)
