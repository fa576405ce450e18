"""Simple lexical search over active articles (BM25 over lemmas of title, keywords and text).

This is the foundation's search; hybrid retrieval with embeddings replaces it later behind
the same :func:`search` signature.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.models import Article

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "aan",
        "bij",
        "uit",
        "naar",
        "om",
        "over",
        "is",
        "zijn",
        "ben",
        "bent",
        "was",
        "wat",
        "hoe",
        "wie",
        "waar",
        "wanneer",
        "welke",
        "ik",
        "je",
        "u",
        "jij",
        "mijn",
        "uw",
        "ze",
        "zij",
        "hij",
        "we",
        "wij",
        "er",
        "dat",
        "die",
        "dit",
        "deze",
        "als",
        "dan",
        "ook",
        "nog",
        "niet",
        "geen",
        "wel",
        "kan",
        "kun",
        "kunt",
        "moet",
        "mag",
        "wil",
        "heb",
        "hebt",
        "heeft",
        "had",
        "tot",
        "door",
        "maar",
    ]
)
K1, B = 1.5, 0.75
TITLE_WEIGHT, KEYWORD_WEIGHT = 3, 2


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word, lang="nl"))


def terms(text: str) -> list[str]:
    words = (w.lower() for w in _WORD.findall(text))
    return [_lemma(w) for w in words if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    score: float
    source: str


def _document(article: Article) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _ in range(TITLE_WEIGHT):
        counts.update(terms(article.title))
    for _ in range(KEYWORD_WEIGHT):
        counts.update(terms(" ".join(article.trefwoorden or [])))
    counts.update(terms(" ".join(s for _f, _h, s in article.public_sections())))
    return counts


def search(session: Session, query: str, *, limit: int = 5) -> list[Hit]:
    """Rank active articles for ``query``; one hit per article, higher score is better."""
    wanted = set(terms(query))
    if not wanted:
        return []
    articles = list(
        session.scalars(
            select(Article).where(Article.status == "actief", Article.kind != "crisismelding")
        )
    )
    if not articles:
        return []
    docs = [_document(a) for a in articles]
    average = sum(sum(d.values()) for d in docs) / len(docs)
    frequency = Counter(t for d in docs for t in wanted if t in d)
    hits: list[Hit] = []
    for article, doc in zip(articles, docs, strict=True):
        length = sum(doc.values())
        score = 0.0
        for term in wanted & doc.keys():
            idf = math.log(1 + (len(docs) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = doc[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        if score > 0:
            hits.append(Hit(article.source_id, article.title, round(score, 4), article.source))
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits[:limit]
