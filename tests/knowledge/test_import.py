"""`reisgenoot kb import`: formats, identity, transactions and clear errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.errors import ImportFormatError
from reisgenoot.knowledge.formats import (
    MARKDOWN,
    RIJKSOVERHEID_CSV,
    ArticleData,
    ImportFormat,
    format_for,
    formats,
    read_file,
    register,
    suffixes,
    unregister,
)
from reisgenoot.knowledge.ingest import discover
from reisgenoot.knowledge.models import Article
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database

RIJKSOVERHEID = Path(__file__).resolve().parents[2] / "src" / "reisgenoot" / "demo" / "data"
BZK = RIJKSOVERHEID / "rijksoverheid_vacs_bzk.csv"
HEADER = "id,question,reference_answer,reference_answer_html,canonical,license\n"

ARTICLE = """---
id: vbs-hondenbelasting
titel: Hondenbelasting
upl: hondenbelasting
status: actief
trefwoorden: [hond, belasting]
---

## Inleiding
Heeft u een hond? Dan betaalt u hondenbelasting.

## Kosten
De belasting is € 118,20 per hond per jaar.

## Voor medewerkers
Controleer eerst of de hond al is aangemeld.
"""

runner = CliRunner()


def _count(settings: Settings) -> int:
    database = Database(settings)
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count()).select_from(Article)) or 0)
    finally:
        database.dispose()


def _import(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["kb", "import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_rijksoverheid_csv_imports_175_with_their_ids(cli_env: Settings) -> None:
    code, out, _err = _import(str(BZK))
    assert code == 0
    assert json.loads(out)["imported"] == 175
    database = Database(cli_env)
    with database.session() as session:
        ids = set(session.scalars(select(Article.source_id)))
    database.dispose()
    assert "79122ced-6f10-4974-8205-2c43a40fdf7b" in ids
    assert len(ids) == 175


def test_importing_twice_updates_and_never_duplicates(cli_env: Settings, tmp_path: Path) -> None:
    assert _import(str(BZK))[0] == 0
    assert json.loads(_import(str(BZK))[1])["unchanged"] == 175
    changed = tmp_path / "bzk.csv"
    changed.write_text(
        BZK.read_text(encoding="utf-8").replace(
            "Bevat mijn paspoortnummer het cijfer", "Staat in mijn paspoortnummer het cijfer"
        ),
        encoding="utf-8",
    )
    summary = json.loads(_import(str(changed))[1])
    assert summary["updated"] == 1 and summary["created"] == 0
    assert _count(cli_env) == 175


def test_broken_row_imports_nothing_and_names_the_row(cli_env: Settings, tmp_path: Path) -> None:
    good = tmp_path / "a-goed.md"
    good.write_text(ARTICLE, encoding="utf-8")
    broken = tmp_path / "b-kapot.csv"
    broken.write_text(
        HEADER
        + "1,Vraag een,Antwoord een,,,CC0\n"
        + "2,Vraag twee,Antwoord twee,,,CC0\n"
        + "3,Vraag drie,,,,CC0\n",
        encoding="utf-8",
    )
    code, out, err = _import(str(tmp_path))
    assert code == 2
    assert out == ""
    assert "b-kapot.csv" in err and "record 3" in err and "regel 4" in err
    assert "niets geïmporteerd" in err
    assert _count(cli_env) == 0


@pytest.mark.parametrize(
    ("content", "record", "line"),
    [
        (HEADER + '1,"Open quote,Antwoord,,,CC0\n', 1, 2),
        (HEADER + "1,Vraag,Antwoord,,,CC0\n2,Vraag,Antwoord\n", 2, 3),
        (HEADER + "1,Vraag,Antwoord,,,CC0\n2,,Antwoord,,,CC0\n", 2, 3),
    ],
    ids=["unterminated-quote", "wrong-field-count", "empty-required-field"],
)
def test_broken_csv_names_record_and_line(
    tmp_path: Path, content: str, record: int, line: int
) -> None:
    path = tmp_path / "kapot.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_file(path)
    assert caught.value.params["record"] == record
    assert caught.value.params["line"] == line


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        (ARTICLE.replace("## Kosten", "## Prijzen"), 12, "Prijzen"),
        (ARTICLE.replace("titel: Hondenbelasting\n", ""), 2, "titel"),
        (ARTICLE.replace("status: actief", "status: klaar"), 2, "klaar"),
        ("geen kop\n", 1, "---"),
    ],
    ids=["unknown-heading", "missing-title", "bad-status", "no-front-matter"],
)
def test_broken_markdown_names_the_line(
    tmp_path: Path, content: str, line: int, fragment: str
) -> None:
    path = tmp_path / "artikel.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_file(path)
    assert caught.value.params["line"] == line
    assert fragment in caught.value.dutch()


def test_markdown_sections_and_desk_memo(cli_env: Settings, tmp_path: Path) -> None:
    (tmp_path / "hond.md").write_text(ARTICLE, encoding="utf-8")
    assert _import(str(tmp_path))[0] == 0
    database = Database(cli_env)
    with database.session() as session:
        article = session.scalars(select(Article)).one()
        assert article.source_id == "vbs-hondenbelasting"
        assert article.upl == "hondenbelasting"
        assert "€ 118,20" in article.kosten_en_betaalmethoden
        assert article.desk_memo.startswith("Controleer")
        assert all(field != "deskMemo" for field, _h, _t in article.public_sections())
        event = session.scalars(
            select(audit.AuditEvent).where(audit.AuditEvent.action == "kennisbank_import")
        ).one()
        assert event.details["created"] == 1
        assert event.actor.startswith("cli:")
    database.dispose()


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "1,Caf\xe9,Antwoord,,,CC0\n".encode("latin-1"))
    with pytest.raises(ImportFormatError) as caught:
        read_file(path)
    assert "UTF-8" in caught.value.dutch()
    assert caught.value.params["line"] == 2


def test_html_is_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "html.csv"
    path.write_text(
        HEADER + '1,Vraag,Antwoord,"<p>Tekst</p><script>alert(1)</script>",,CC0\n', encoding="utf-8"
    )
    article = read_file(path)[0]
    assert "<script>" not in article.extra["html"]
    assert "<p>Tekst</p>" in article.extra["html"]


def test_prune_removes_missing_articles(cli_env: Settings, tmp_path: Path) -> None:
    first = tmp_path / "v1.csv"
    first.write_text(HEADER + "1,Een,Antwoord,,,CC0\n2,Twee,Antwoord,,,CC0\n", encoding="utf-8")
    second = tmp_path / "v2.csv"
    second.write_text(HEADER + "1,Een,Antwoord,,,CC0\n", encoding="utf-8")
    assert _import(str(first))[0] == 0
    assert _import(str(second))[0] == 0
    assert _count(cli_env) == 2
    assert json.loads(_import(str(second), "--prune")[1])["pruned"] == 1
    assert _count(cli_env) == 1


def test_the_same_record_in_two_files_is_kept_once_but_a_conflict_is_refused(
    tmp_path: Path,
) -> None:
    from reisgenoot.knowledge.ingest import read_all

    row = "1,Een,Antwoord,,,CC0\n"
    (tmp_path / "a.csv").write_text(HEADER + row, encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + row, encoding="utf-8")
    assert len(read_all(sorted(tmp_path.glob("*.csv")))) == 1
    (tmp_path / "c.csv").write_text(HEADER + "1,Een,Ander antwoord,,,CC0\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_all(sorted(tmp_path.glob("*.csv")))
    assert "a.csv" in caught.value.dutch()


# --- a municipality's own format, through the registry ------------------------------------

EIGEN_HEADER = "nummer;vraag;antwoord;upl"
EIGEN_CSV = (
    f"{EIGEN_HEADER}\n"
    "vbs-kerstboom;Waar laat ik mijn kerstboom?;Zet de boom op 8 januari naast de container."
    ";afvalinzameling grofvuil\n"
)


def _read_eigen(path: Path, data: bytes) -> list[ArticleData]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";")
    return [
        ArticleData(
            source="voorbeeldstad-export",
            source_id=row["nummer"],
            title=row["vraag"],
            upl=row["upl"] or None,
            sections={"tekst": row["antwoord"]},
        )
        for row in rows
    ]


def _is_eigen(_path: Path, data: bytes) -> bool:
    return data.split(b"\n", 1)[0].strip() == EIGEN_HEADER.encode()


@pytest.fixture
def eigen_format() -> Iterator[ImportFormat]:
    fmt = register(
        ImportFormat(
            "voorbeeldstad-csv", "CSV van Voorbeeldstad", (".csv",), _read_eigen, _is_eigen
        )
    )
    yield fmt
    unregister(fmt.name)


def test_the_built_in_formats_are_registered_in_order() -> None:
    assert formats()[:2] == (MARKDOWN, RIJKSOVERHEID_CSV)
    assert {".md", ".markdown", ".csv"} <= suffixes()
    with pytest.raises(ValueError, match="already registered"):
        register(MARKDOWN)


def test_a_registered_format_is_used_by_kb_import(
    cli_env: Settings, tmp_path: Path, eigen_format: ImportFormat
) -> None:
    (tmp_path / "eigen.csv").write_text(EIGEN_CSV, encoding="utf-8")
    (tmp_path / "hond.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rijk.csv").write_text(HEADER + "1,Een,Antwoord,,,CC0\n", encoding="utf-8")
    assert format_for(tmp_path / "eigen.csv", EIGEN_CSV.encode()) is eigen_format
    assert format_for(tmp_path / "rijk.csv", (tmp_path / "rijk.csv").read_bytes()).name == (
        "rijksoverheid-csv"
    )
    code, out, err = _import(str(tmp_path))
    assert code == 0, err
    assert json.loads(out)["created"] == 3
    database = Database(cli_env)
    with database.session() as session:
        article = session.scalars(
            select(Article).where(Article.source == "voorbeeldstad-export")
        ).one()
        assert article.source_id == "vbs-kerstboom"
        assert article.upl == "afvalinzameling grofvuil"
        assert "8 januari" in article.tekst
        sources = set(session.scalars(select(Article.source)))
    database.dispose()
    assert sources == {"voorbeeldstad-export", "voorbeeldstad", "rijksoverheid"}


def test_without_its_format_the_file_gets_the_first_csv_formats_error(tmp_path: Path) -> None:
    path = tmp_path / "eigen.csv"
    path.write_text(EIGEN_CSV, encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_file(path)
    assert "kolommen ontbreken" in caught.value.dutch()
    assert caught.value.params["line"] == 1


def test_a_format_with_a_new_extension_is_found_in_folders(tmp_path: Path) -> None:
    def read_json(path: Path, data: bytes) -> list[ArticleData]:
        return [
            ArticleData(source="json", source_id=item["id"], title=item["titel"])
            for item in json.loads(data)
        ]

    (tmp_path / "artikelen.json").write_text('[{"id": "a1", "titel": "Een"}]', encoding="utf-8")
    assert discover(tmp_path) == []
    register(ImportFormat("json-lijst", "JSON-lijst", (".json",), read_json), before="markdown")
    try:
        assert formats()[0].name == "json-lijst"
        assert discover(tmp_path) == [tmp_path / "artikelen.json"]
        assert [a.source_id for a in read_file(tmp_path / "artikelen.json")] == ["a1"]
    finally:
        unregister("json-lijst")
    assert ".json" not in suffixes()
