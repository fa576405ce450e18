"""The writers' kennisbank questions reach the re-ranker fit with the bench's article ids."""

from __future__ import annotations

import json
from pathlib import Path

from reisgenoot.bench.knowledge_items import writer_questions


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_answerable_questions_get_their_target_with_the_index_s_ids(tmp_path: Path) -> None:
    _write(
        tmp_path / "kennisbank-questions.jsonl",
        [
            {"id": "K3-1", "query": "wat kost een paspoort", "kind": "answerable",
             "target": "vbs-paspoort"},
            {"id": "K3-2", "query": "mag ik een visum", "kind": "out_of_scope", "target": None},
        ],
    )  # fmt: skip
    _write(
        tmp_path / "kennisbank-questions-k4.jsonl",
        [
            {"id": "K4-1", "query": "wanneer krijg ik aow", "kind": "answerable",
             "target": "ro-1234"},
            {"id": "K4-2", "query": "ik wil een mens", "kind": "person", "target": "vbs-paspoort"},
            {"id": "K4-3", "query": "een artikel dat weg is", "kind": "answerable",
             "target": "vbs-bestaat-niet"},
        ],
    )  # fmt: skip
    (tmp_path / "intent.jsonl").write_text("{}\n", encoding="utf-8")  # not a writers' file
    found = writer_questions(tmp_path, {"vbs-paspoort", "1234"})
    # Both writers; a Rijksoverheid row by its bare id; out of scope, person questions and
    # targets the kennisbank does not hold are left out.
    assert sorted((q["query"], q["expected"], q["preferred"]) for q in found) == [
        ("wanneer krijg ik aow", ["1234"], "1234"),
        ("wat kost een paspoort", ["vbs-paspoort"], "vbs-paspoort"),
    ]
    assert all(q["kind"] == "answerable" for q in found)


def test_no_writer_files_means_no_extra_questions(tmp_path: Path) -> None:
    assert writer_questions(tmp_path, {"vbs-paspoort"}) == []
