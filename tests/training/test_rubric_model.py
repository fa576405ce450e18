"""The learned rubric models and the grounding of facts: what an opleider would sign.

The models are small softmax regressions (numpy only); the bench cross-validates them by
scenario so the blind dev figure is never in-sample. Facts: clock times, totals and
values inside questions.
"""

from __future__ import annotations

import pytest

from reisgenoot.bench.training import (
    LEARNED_ADR33,
    LEARNED_ADR37,
    LEARNED_ADR48,
    LEARNED_ADR58,
    MODELLED,
    folds_of,
    previous_figures,
    rows,
)
from reisgenoot.training.analysis import extract_claims
from reisgenoot.training.kennis import Reference
from reisgenoot.training.points import ask_about
from reisgenoot.training.rubric_features import FEATURES
from reisgenoot.training.rubric_model import CriterionModel, fit, load_models
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session
from tests.training.judging import PASPOORT, M, R, fact_errors, judge


def test_fit_learns_a_level_from_a_feature_and_survives_a_round_trip() -> None:
    rows = [{"acks": float(i % 3), "noise": float(i % 2)} for i in range(60)]
    labels = [str(int(row["acks"])) for row in rows]
    model = fit("empathie", rows, labels, ["0", "1", "2"], ["acks", "noise"], l2=0.1)
    again = CriterionModel.from_dict(model.to_dict())
    for value in (0.0, 1.0, 2.0):
        assert again.predict({"acks": value, "noise": 1.0}) == str(int(value))
    assert abs(float(again.probabilities({"acks": 1.0}).sum()) - 1.0) < 1e-9


def test_the_shipped_models_read_only_known_features() -> None:
    models = load_models()
    assert set(models) == set(MODELLED)
    for criterion, model in models.items():
        assert model.features == FEATURES[criterion]
        assert model.weights.shape == (len(model.levels), len(model.features))


def test_cross_validation_folds_keep_every_scenario_in_exactly_one_fold() -> None:
    names = [f"scenario-{i}" for i in range(15)]
    folds = folds_of(names * 2)
    assert len(folds) == 5
    assert sorted(name for fold in folds for name in fold) == sorted(names)


def test_a_single_acknowledgement_still_counts_with_the_learned_model(
    references: dict[str, Reference],
) -> None:
    result = judge(
        references,
        [(R, "Mijn paspoort is gestolen en ik vlieg maandag!"), (M, "Wat vervelend voor u.")],
    )
    assert result.empathie >= 1
    said = [s for s in result.statements if s.criterion == "empathie"]
    assert said and all("{" not in s.text for s in said)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Zet het vanaf 18.00 uur buiten.", "tijd", "18:00"),
        ("Kom vóór twaalf uur langs.", "tijd", "12:00"),
        ("Binnen 24 uur komen we kijken.", "termijn", "24 uur"),
    ],
)
def test_clock_times_are_claims_apart_from_terms(text: str, kind: str, value: str) -> None:
    claims = extract_claims(text)
    assert [(c.kind, c.value) for c in claims] == [(kind, value)]


@pytest.mark.parametrize("text", ["Ik heb om 11.30 uur plek.", "U betaalt tussen 9 en 21 uur."])
def test_an_appointment_or_opening_hours_are_no_claim(text: str) -> None:
    assert extract_claims(text) == []


def test_a_wrong_deadline_time_is_an_error(references: dict[str, Reference]) -> None:
    result = judge(
        references,
        [(R, "Wanneer moet ik er zijn?"), (M, "Als u vóór 15.00 uur komt, is het morgen klaar.")],
    )
    assert result.feiten == "fout"
    assert any("15.00 uur" in text for text in fact_errors(result))


def test_the_total_of_two_known_amounts_is_right(references: dict[str, Reference]) -> None:
    result = judge(
        references,
        [(R, "Wat kost het bij elkaar?"), (M, "Met spoed is het in totaal € 142,35.")],
    )
    assert not fact_errors(result)


def test_a_value_in_a_question_states_nothing(references: dict[str, Reference]) -> None:
    result = judge(
        references,
        [(R, "Ik heb een pasfoto."), (M, "Is die pasfoto niet ouder dan zes maanden?")],
    )
    assert not fact_errors(result)


def test_the_better_question_is_about_the_fact_that_was_not_asked() -> None:
    scenario = load_scenarios()[PASPOORT]
    other_id = next(f for f in scenario.feiten if "ID-bewijs" in f.omschrijving)
    better = ask_about(other_id, scenario.voorbeelden.doorvragen)
    assert "ID-bewijs" in better and better.endswith("?")
    assert "(" not in better and " hij " not in f" {better} "
    # A reflexive form speaks to the resident too ("voor haarzelf" → "voor uzelf").
    own = next(f for f in load_scenarios()["paspoort-vakantie"].feiten if "18" in f.omschrijving)
    assert (
        ask_about(own, "") == "Mag ik vragen of het paspoort voor uzelf is en of u 18 of ouder is?"
    )


def test_all_explained_the_resident_says_the_question_is_answered(
    references: dict[str, Reference],
) -> None:
    script = (
        "Goedemiddag, u spreekt met Sanne van de gemeente. Waarmee kan ik u helpen?",
        "Wat vervelend dat uw paspoort gestolen is. Wanneer vertrekt u?",
        "U maakt een afspraak, dan vult u aan de balie een verklaring van vermissing in en "
        "vraagt u meteen met spoed een nieuw paspoort aan. Dat kost € 84,70 plus € 57,65 spoed, "
        "en als u voor 12.00 uur komt is het de volgende werkdag klaar. Neem het bewijs van "
        "aangifte bij de politie, uw rijbewijs en een pasfoto mee.",
        "Is uw vraag zo beantwoord?",
        "Fijne reis, tot ziens!",
    )
    scenario = load_scenarios()[PASPOORT]
    session = Session.replay(scenario, 3, list(script), reference=references[PASPOORT])
    assert len(session.scenario.checklist.uitleggen) == len(session.explained)
    replies = [exchange.resident.text for exchange in session.exchanges]
    assert "nog een vraag" not in replies[3] and "niet" not in replies[3]
    assert "zelf wel uit" not in replies[4]


def test_a_partial_check_answer_never_announces_a_question_it_does_not_ask(
    references: dict[str, Reference],
) -> None:
    for name, scenario in load_scenarios().items():
        missing = [item for item in scenario.checklist.uitleggen if item.vraag is None]
        if not missing or scenario.oefenscripts is None:
            continue
        lines = [*scenario.oefenscripts.goed[:-2], "Is uw vraag zo beantwoord?"]
        session = Session.replay(scenario, 1, lines, reference=references.get(name))
        if session.finished:
            continue
        last = session.exchanges[-1].resident.text.strip()
        for marker in ("nog een vraag", "nog iets"):
            if marker in last:
                assert "?" in last.split(marker, 1)[1], f"{name}: {last}"


def test_the_bench_reports_the_earlier_versions_beside_the_current_one() -> None:
    report = {
        "current": {"blind_test": {"items": 90, "kappa": {"feiten": 0.5}}},
        "learned_adr33": previous_figures(LEARNED_ADR33),
        "learned_adr37": previous_figures(LEARNED_ADR37),
        "learned_adr48": previous_figures(LEARNED_ADR48),
        "learned_adr58": previous_figures(LEARNED_ADR58),
        "held_out": {"kappa": {"empathie": 0.61}, "wrong_statements": 0.03},
    }
    table = rows(report)
    assert table["κ feiten (ADR 58)"]["blind_test"] == 0.488
    assert table["onjuiste uitspraken (ADR 58)"]["blind_test"] == 0.038
    assert table["κ empathie (schrijver apart)"] == {
        "own": None,
        "blind_dev": 0.61,
        "blind_test": None,
    }
    assert table["onjuiste uitspraken (schrijver apart)"]["blind_dev"] == 0.03
    assert table["κ feiten (schrijver apart, ADR 58)"]["blind_dev"] == 0.283
    assert table["κ vragen (kruisvalidatie, ADR 58)"]["blind_dev"] == 0.687
    assert table["κ feiten (ADR 33)"]["blind_test"] == 0.408
    assert table["onjuiste uitspraken (ADR 33)"]["blind_test"] == 0.103
    assert table["κ empathie (ADR 37)"]["blind_test"] == 0.633
    assert table["onjuiste uitspraken (ADR 37)"]["blind_test"] == 0.081
    assert table["κ vragen (ADR 48)"]["blind_test"] == 0.606
    assert table["onjuiste uitspraken (ADR 48)"]["blind_test"] == 0.052
    assert table["κ feiten"]["blind_test"] == 0.5
