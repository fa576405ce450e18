"""The calibrated confidence of a question's UPL product (issue 15, ADR 96)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reisgenoot.assist import topics, upl_confidence
from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.topics import Question
from reisgenoot.assist.transcript import Turn
from reisgenoot.assist.upl_confidence import FEATURES, Calibration, calibrated, evidence
from reisgenoot.knowledge.confidence import Logistic
from reisgenoot.web.formatting import SURE


def _question(confidence: float, second: float, share: float = 1.0) -> Question:
    return Question("paspoort", confidence, [0], (), (("identiteitskaart", second),), share)


def test_the_packaged_calibration_reads_its_features_and_kept_its_checks() -> None:
    calibration = upl_confidence.packaged()
    assert calibration is not None
    assert calibration.main.features == FEATURES == calibration.side.features
    held_out = calibration.checks["main"]["held-out writers"]
    right, shown = (int(n) for n in held_out["hoog"].split("/"))
    assert right / shown >= 0.85  # "hoog" is right this often on writers it never learned from


def test_a_surer_product_reads_surer_and_a_doubted_main_question_less_sure() -> None:
    calibration = upl_confidence.packaged()
    assert calibration is not None
    surer = [calibration.confidence(_question(p, 1 - p - 0.01), 1) for p in (0.5, 0.8, 0.99)]
    assert surer == sorted(surer) and 0 < surer[0] < surer[-1] < 1
    alone = calibration.confidence(_question(0.99, 0.005), 1)
    doubted = calibration.confidence(_question(0.99, 0.005, share=0.4), 2)
    assert doubted < alone


def test_an_overconfident_product_no_longer_reads_hoog() -> None:
    """A product the model puts at .9 within the second of two questions the chooser hesitates
    over is shown below "hoog" (it was "hoog" before the calibration)."""
    question = _question(0.9, 0.05, share=0.5)
    assert question.confidence >= SURE
    assert calibrated([question, _question(0.9, 0.05, share=0.5)])[0] < SURE


def test_without_the_file_the_products_own_probability_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(upl_confidence, "packaged", lambda: None)
    assert calibrated([_question(0.93, 0.05), _question(0.4, 0.3)]) == [0.93, 0.4]


def test_the_calibration_is_saved_and_read_back(tmp_path: Path) -> None:
    logistic = Logistic(FEATURES, (0.1, 0.2, 0.3, 0.4), -1.0)
    path = tmp_path / "upl_calibration.json"
    Calibration(logistic, logistic, {"note": "test"}).save(path)
    read = Calibration.load(path)
    assert read.main == logistic and read.side == logistic and read.checks == {"note": "test"}
    other = Logistic(("product",), (1.0,), 0.0)
    Calibration(other, logistic, {}).save(path)
    with pytest.raises(ValueError, match="main and side"):
        Calibration.load(path)


def test_evidence_reads_the_question_and_its_share() -> None:
    values = evidence(_question(0.8, 0.1, share=0.5), 2)
    assert list(values) == list(FEATURES)
    assert values["share"] == pytest.approx(0.0) and values["product"] > 0
    assert values["margin"] > values["product"]


def test_each_detected_question_carries_the_choosers_share() -> None:
    turns = analyse_turns(
        [
            Turn("inwoner", "Mijn paspoort is verlopen en ik wil een nieuw paspoort aanvragen."),
            Turn("medewerker", "Dat kan, u maakt een afspraak via de website van de gemeente."),
            Turn("inwoner", "Nog een vraag: mijn grijze container is niet geleegd deze week."),
            Turn("medewerker", "Dat meld ik door."),
        ]
    )
    found = topics.detect_questions(turns)
    assert len(found) == 2
    assert sum(q.share for q in found) == pytest.approx(1.0)
    assert found[0].share >= found[1].share  # the main question is the chooser's first
    assert topics.detect_questions(turns[:2])[0].share == 1.0
