"""The blind corpus is complete, frozen and consistent with the kennisbank and the UPL list.

These tests read the corpus only to count and check references (sizes, checksums, ids, UPL
names); they print no items and assert nothing about Reisgenoot's quality on it.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reisgenoot.assist.transcript import read_transcript
from reisgenoot.bench.sets import BLIND, frozen_mismatches

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / BLIND


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _both(capability: str) -> list[dict[str, Any]]:
    return [
        row for part in ("dev", "test") for row in _jsonl(CORPUS / capability / f"{part}.jsonl")
    ]


def _gold() -> list[dict[str, Any]]:
    return [
        g for part in ("dev", "test") for g in _jsonl(CORPUS / "transcripts" / part / "gold.jsonl")
    ]


def test_test_parts_match_their_checksums() -> None:
    assert frozen_mismatches(CORPUS) == []


def test_checksum_file_verifies_with_sha256sum() -> None:
    result = subprocess.run(
        ["sha256sum", "--check", "--quiet", "SHA256SUMS"],
        cwd=CORPUS,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


def test_checksums_cover_every_test_file_and_no_dev_file() -> None:
    listed = {
        line.split(maxsplit=1)[1].strip()
        for line in (CORPUS / "SHA256SUMS").read_text().splitlines()
    }
    test_files = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file()
        and len(p.relative_to(CORPUS).parts) > 1
        and p.relative_to(CORPUS).parts[1] in {"test", "test.jsonl"}
    }
    assert listed == test_files
    assert not any("/dev" in name or name.endswith("dev.jsonl") for name in listed)


def test_a_changed_test_file_is_detected(tmp_path: Path) -> None:
    copy = tmp_path / "blind"
    (copy / "pii").mkdir(parents=True)
    original = CORPUS / "pii" / "test.jsonl"
    (copy / "pii" / "test.jsonl").write_bytes(original.read_bytes() + b"\n")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    (copy / "SHA256SUMS").write_text(f"{digest}  pii/test.jsonl\n")
    assert frozen_mismatches(copy) == ["pii/test.jsonl"]


@pytest.mark.parametrize("capability", ["kennisbank", "tone", "pii"])
def test_dev_and_test_do_not_share_items(capability: str) -> None:
    dev, test = (_jsonl(CORPUS / capability / f"{p}.jsonl") for p in ("dev", "test"))
    assert {r["id"] for r in dev}.isdisjoint({r["id"] for r in test})
    field = "query" if capability == "kennisbank" else "text"
    assert {r[field] for r in dev}.isdisjoint({r[field] for r in test})


def test_kennisbank_part_has_the_sizes_and_known_articles() -> None:
    rows = _both("kennisbank")
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["answerable"] >= 500 and kinds["out_of_scope"] >= 60 and kinds["person"] >= 60
    known = {
        line.split(":", 1)[1].strip()
        for p in (ROOT / "src/reisgenoot/demo/kennisbank").glob("*.md")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("id:")
    }
    for path in (ROOT / "src/reisgenoot/demo/data").glob("rijksoverheid_*.csv"):
        with path.open(encoding="utf-8") as handle:
            known |= {row["id"] for row in csv.DictReader(handle)}
    for row in rows:
        assert set(row["expected"]) <= known
        assert (row["kind"] == "answerable") <= bool(row["expected"])
        assert (row["kind"] == "out_of_scope") <= (not row["expected"])
        assert row["preferred"] is None or row["preferred"] in row["expected"]


def test_transcripts_cover_the_products_and_read_as_the_product_reads_them() -> None:
    gold = _gold()
    assert len(gold) >= 300
    with (ROOT / "vendor/upl/UPL-actueel.csv").open(encoding="utf-8") as handle:
        municipal = {
            r["UniformeProductnaam"] for r in csv.DictReader(handle) if r["Gemeente"] == "X"
        }
    products = {v["upl"] for g in gold for v in g["vragen"]}
    assert products <= municipal
    assert len(products) >= 150
    mains = Counter(g["vragen"][0]["upl"] for g in gold)
    assert sum(1 for count in mains.values() if count >= 5) >= 30
    for part in ("dev", "test"):
        folder = CORPUS / "transcripts" / part
        for item in _jsonl(folder / "gold.jsonl"):
            path = folder / "transcripts" / item["source"]
            transcript = read_transcript(path)
            assert transcript.turns
            text = path.read_text(encoding="utf-8")
            assert all(p in text for p in item["pii"])
            assert bool(item["interneTaak"]) == any(
                v["gespreksresultaat"] == "Contactverzoek gemaakt" for v in item["vragen"]
            )


def test_tone_part_has_the_sizes_and_every_reason() -> None:
    rows = _both("tone")
    assert len(rows) >= 600
    categories = Counter(r["category"] for r in rows if r["escalate"])
    assert len(categories) >= 8 and min(categories.values()) >= 12
    assert Counter(r["category"] for r in rows)["sarcasme"] >= 25


def test_pii_part_has_the_sizes_and_spans_inside_the_text() -> None:
    rows = _both("pii")
    assert len(rows) >= 800
    types = Counter(e["type"] for r in rows for e in r["entities"])
    assert len(types) == 10
    for row in rows:
        spans = sorted((e["start"], e["end"]) for e in row["entities"])
        assert all(0 <= s < e <= len(row["text"]) for s, e in spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
