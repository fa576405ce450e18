"""The section index is built at import and by the demo seed, incrementally (counted embeds)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from reisgenoot.cli import app, kb
from reisgenoot.demo.seed import seed_demo
from reisgenoot.knowledge.embeddings import E5Embedder, Matrix, normalise_rows
from reisgenoot.knowledge.index import SectionEmbedding, missing_passages
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

runner = CliRunner()


class CountingEmbedder:
    """Deterministic vectors from a hash of the text; remembers every text it embedded."""

    model_id = "counting-test"

    def __init__(self) -> None:
        self.passages: list[str] = []
        self.calls = 0

    @staticmethod
    def _vectors(texts: list[str]) -> Matrix:
        rows = [
            np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8).astype(np.float32)
            for t in texts
        ]
        return normalise_rows(np.vstack(rows) if rows else np.zeros((0, 32)))

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._vectors(texts)

    def embed_passages(self, texts: list[str]) -> Matrix:
        self.calls += 1
        self.passages.extend(texts)
        return self._vectors(texts)


def _article(source_id: str, title: str, body: str) -> str:
    return (
        f"---\nid: {source_id}\ntitel: {title}\nstatus: actief\n---\n\n"
        f"## Inleiding\n{body}\n\n## Kosten\nDit kost € 12,50.\n\n"
        "## Voor medewerkers\nAlleen voor de balie.\n"
    )


def _import(folder: Path) -> dict[str, int]:
    result = runner.invoke(app, ["kb", "import", str(folder)])
    assert result.exit_code == 0, result.output
    report: dict[str, int] = json.loads(result.stdout)
    return report


def test_import_embeds_only_the_changed_article(cli_env: Settings, tmp_path: Path) -> None:
    counting = CountingEmbedder()
    kb.set_embedder(counting)
    folder = tmp_path / "kb"
    folder.mkdir()
    titles = {"a-grofvuil": "Grofvuil", "b-paspoort": "Paspoort", "c-kapvergunning": "Kappen"}
    for source_id, title in titles.items():
        body = f"Alles over {title.lower()} in Voorbeeldstad."
        (folder / f"{source_id}.md").write_text(_article(source_id, title, body), encoding="utf-8")

    first = _import(folder)
    # titel + inleiding + kosten per article; the deskMemo is never embedded
    assert first["embedded"] == 9 == len(counting.passages)
    assert not any("balie" in text for text in counting.passages)

    again = _import(folder)
    assert (again["unchanged"], again["embedded"]) == (3, 0)
    assert len(counting.passages) == 9

    changed = _article("b-paspoort", "Paspoort", "Een paspoort vraagt u aan op het stadhuis.")
    (folder / "b-paspoort.md").write_text(changed, encoding="utf-8")
    before = len(counting.passages)
    third = _import(folder)
    new_texts = counting.passages[before:]
    assert (third["updated"], third["embedded"]) == (1, 1)
    assert len(new_texts) == 1 and new_texts[0].startswith("Paspoort:")
    assert "stadhuis" in new_texts[0]


def test_demo_seed_builds_the_index_with_progress(db: Database, settings: Settings) -> None:
    counting = CountingEmbedder()
    stages: list[tuple[str, int, int]] = []
    report = seed_demo(
        db, settings, days=1, embedder=counting, progress=lambda *a: stages.append(a)
    )
    assert report.seeded
    with db.session() as session:
        assert missing_passages(session, counting.model_id) == 0
        rows = session.query(SectionEmbedding).count()
    assert rows == len(counting.passages) > report.articles
    indexing = [(done, total) for stage, done, total in stages if stage == "Kennisbank indexeren"]
    assert indexing[0] == (0, rows) and indexing[-1] == (rows, rows)
    assert counting.calls == len(indexing) - 1  # one embed call per batch, each reported


class _NoCpu(CountingEmbedder):
    """Has the bundled e5's model id; counts what it would have to embed itself."""

    model_id = E5Embedder.model_id


def test_demo_seed_uses_the_shipped_vectors(db: Database, settings: Settings) -> None:
    spy = _NoCpu()
    report = seed_demo(db, settings, days=1, embedder=spy)
    with db.session() as session:
        assert missing_passages(session, E5Embedder.model_id) == 0
        rows = session.query(SectionEmbedding).count()
    # an edited demo article is embedded as usual; the rest comes from the package
    assert report.seeded and rows > 800 and len(spy.passages) <= rows * 0.05
