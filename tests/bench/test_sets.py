"""The three evaluation columns: missing sets, dropped test items and the table."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from reisgenoot.bench.sets import closest, columns, evaluate_columns, pick, table, words


def _fake(path: Path) -> dict[str, Any]:
    return {
        "score": {"f1": 0.5 if "dev" in path.name else 0.25},
        "count": 4,
        "errors": [{"id": "x"}],
    }


def test_missing_sets_give_empty_columns(tmp_path: Path) -> None:
    dev = tmp_path / "dev.jsonl"
    dev.write_text("")
    results = evaluate_columns(
        {"own": None, "blind_dev": dev, "blind_test": tmp_path / "nope"}, _fake
    )
    assert results["own"] is None and results["blind_test"] is None
    assert results["blind_dev"] == _fake(dev)


def test_blind_test_column_never_carries_items(tmp_path: Path) -> None:
    test = tmp_path / "test.jsonl"
    test.write_text("")
    results = evaluate_columns({"blind_test": test}, _fake)
    assert results["blind_test"] == {"score": {"f1": 0.25}, "count": 4}


def test_pick_and_columns_follow_dotted_paths() -> None:
    results: dict[str, dict[str, Any] | None] = {
        "own": {"score": {"f1": 0.9}},
        "blind_dev": None,
        "blind_test": {"score": {}},
    }
    assert pick(results["own"], "score.f1") == 0.9
    assert pick(results["blind_test"], "score.f1") is None
    assert columns(results, [("F1", "score.f1")]) == {
        "F1": {"own": 0.9, "blind_dev": None, "blind_test": None}
    }


def test_table_prints_three_columns_with_dashes_for_missing_figures() -> None:
    lines = table(
        {
            "F1": {"own": 0.9, "blind_dev": 0.5, "blind_test": None},
            "lekken": {"own": 0, "blind_dev": 3, "blind_test": 2},
        },
        title="x",
    )
    assert "eigen set" in lines[0] and "blind dev" in lines[0] and "blind test" in lines[0]
    assert lines[2].split()[-3:] == ["0.900", "0.500", "—"]
    assert lines[3].split()[-3:] == ["0", "3", "2"]


def test_closest_is_the_highest_word_similarity_above_the_floor() -> None:
    others = [words(t) for t in ("Wanneer vertrekt u?", "Heeft u een ander id-bewijs?", "")]
    text = words("Heeft u nog een ander geldig id-bewijs")
    best, where = closest(text, others)
    assert where == 1
    assert best == max(SequenceMatcher(None, o, text, autojunk=False).ratio() for o in others)
    first = max(SequenceMatcher(None, text, o, autojunk=False).ratio() for o in others)
    assert closest(text, others, text_first=True) == (first, 1)
    assert closest(text, others, floor=best) == (0.0, -1)  # only above the floor counts
    assert closest(text, []) == (0.0, -1)
    assert words("Heeft U, nog?") == ["heeft", "u", "nog"]
