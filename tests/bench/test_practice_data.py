"""The judged practice conversations that the rubric models are fitted on.

``training-data/practice`` holds conversations by other opleider writers than blind dev's and
test's; each file must follow the blind set's format, and a broken file gives a Dutch problem,
never a model fitted on a wrong level.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reisgenoot.bench import training
from reisgenoot.bench.practice_data import nearest, problems, trainee_turns
from reisgenoot.bench.training import PRACTICE
from reisgenoot.training.scenario_files import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = frozenset({"paspoort-vakantie"})


def _item(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "scenario": "paspoort-vakantie",
        "writer": "O9",
        "turns": [
            {"spreker": "medewerker", "tekst": "Goedemorgen, gemeente Voorbeeldstad."},
            {"spreker": "inwoner", "tekst": "Mijn paspoort verloopt."},
            {"spreker": "medewerker", "tekst": "Wanneer gaat u op reis?"},
            {"spreker": "inwoner", "tekst": "Over drie weken."},
        ],
        "oordeel": {"feiten": "goed", "empathie": 1, "vragen": 2, "samenvatten": 0, "afsluiten": 1},
        "fouten": [],
        "ontbreekt": [],
    }
    item.update(changes)
    return item


def test_a_well_formed_item_has_no_problems() -> None:
    assert problems(_item(), SCENARIOS) == []


def test_each_kind_of_malformed_item_is_named_in_dutch() -> None:
    assert problems([], SCENARIOS) == ["geen JSON-object"]
    assert "onbekend scenario 'rijbewijs'" in problems(_item(scenario="rijbewijs"), SCENARIOS)
    assert "geen writer" in problems(_item(writer=""), SCENARIOS)
    judged = {"feiten": "redelijk", "empathie": 3, "vragen": True, "samenvatten": 0, "afsluiten": 1}
    found = problems(_item(oordeel=judged), SCENARIOS)
    assert "oordeel feiten: 'redelijk' is geen niveau" in found
    assert "oordeel empathie: 3 is geen niveau" in found
    assert "oordeel vragen: True is geen niveau" in found
    turns = [{"spreker": "inwoner", "tekst": "Hallo"}, *_item()["turns"][1:]]
    assert "het gesprek begint niet met de medewerker" in problems(_item(turns=turns), SCENARIOS)
    assert problems(_item(turns=turns[:2]), SCENARIOS) == [
        "turns: een lijst van 4 tot 30 beurten verwacht"
    ]
    wrong = dict(_item()["oordeel"], feiten="fout")
    assert "fouten: gevuld als en alleen als feiten = fout" in problems(
        _item(oordeel=wrong), SCENARIOS
    )


def test_every_shipped_practice_conversation_follows_the_format() -> None:
    scenarios = set(load_scenarios())
    files = sorted((ROOT / PRACTICE).glob("*.json"))
    for path in files:
        item = json.loads(path.read_text(encoding="utf-8"))
        assert problems(item, scenarios) == [], path.name
        assert path.stem.startswith(f"{item['scenario']}-{item['writer']}-")


def test_the_practice_conversations_join_every_fit_beside_the_own_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own, practice = tmp_path / "own", tmp_path / "practice"
    for folder, level in ((own, 0), (practice, 2)):
        folder.mkdir()
        judged = dict(_item()["oordeel"], empathie=level)
        text = json.dumps(_item(oordeel=judged), ensure_ascii=False)
        (folder / "paspoort-vakantie-O9-01.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(training, "OWN", own)
    monkeypatch.setattr(training, "PRACTICE", practice)
    rows = training.base_rows(load_scenarios(), {})
    assert [(row.weight, row.gold["empathie"]) for row in rows] == [
        (training.OWN_WEIGHT, 0),
        (training.PRACTICE_WEIGHT, 2),
    ]
    assert [row.practice for row in rows] == [False, True]
    assert all(row.scenario == "paspoort-vakantie" and row.features for row in rows)
    monkeypatch.setattr(training, "PRACTICE", tmp_path / "absent")
    assert len(training.base_rows(load_scenarios(), {})) == 1


def test_a_near_copy_is_found_and_a_different_sentence_is_not() -> None:
    dev = ["Heeft u nog een ander geldig ID-bewijs?", "De leges zijn € 77,35."]
    found = nearest(["heeft u nog een ander geldig id-bewijs", "Wanneer vertrekt u?"], dev)
    assert found[0][0] == 1.0 and found[0][2] == dev[0]
    assert found[1][0] < 0.5
    assert trainee_turns(_item()) == [
        "Goedemorgen, gemeente Voorbeeldstad.",
        "Wanneer gaat u op reis?",
    ]


def test_practice_rows_train_only_the_criteria_that_take_them() -> None:
    def row(index: int, practice: bool) -> training.Row:
        level = index % 3
        gold = {
            "feiten": ("fout", "deels", "goed")[level],
            "empathie": level,
            "vragen": level,
            "samenvatten": level % 2,
            "afsluiten": level,
        }
        features = {name: float(level) for name in ("rule_feiten", "acks", "rule_afsluiten")}
        return training.Row("s", features, gold, 1.0, practice)

    plain = [row(i, practice=False) for i in range(30)]
    extra = [row(i, practice=True) for i in range(30, 60)]
    without, with_extra = training.fit_models(plain), training.fit_models([*plain, *extra])
    for criterion in training.MODELLED:
        same = (without[criterion].weights == with_extra[criterion].weights).all()
        assert same == (criterion not in training.PRACTICE_CRITERIA), criterion
    assert "feiten" in training.PRACTICE_CRITERIA
