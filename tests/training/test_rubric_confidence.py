"""Feedback says less rather than something wrong, and one page never contradicts itself.

The rubric's models give a chance per level; a statement an opleider would likely contradict
is left out (``SAY_BELOW``), except a stated factual error, which the level ``fout`` must name.
The older Juistheid score bar follows the rubric: never nearly full beside "er zat een fout in".
"""

from __future__ import annotations

from reisgenoot.training.feedback import feedback, settled
from reisgenoot.training.kennis import Reference
from reisgenoot.training.points import growth
from reisgenoot.training.rubric import judge_lines
from reisgenoot.training.rubric_model import load_models
from reisgenoot.training.rubric_statements import (
    SAY_BELOW,
    Statement,
    confident,
    contradiction,
)
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.scores import (
    EMPATHY_BEST_AT_LEAST,
    EMPATHY_NONE_AT_MOST,
    FOUT_AT_MOST,
    agree_with_rubric,
    scores,
)
from tests.training.judging import PASPOORT, M, R, practise

UNSURE_EMPATHY = {"0": 0.6, "1": 0.3, "2": 0.1}
LIKELY_GOOD_FACTS = {"fout": 0.1, "deels": 0.2, "goed": 0.7}


def test_praise_the_model_doubts_is_left_out_and_a_growth_point_it_supports_stays() -> None:
    praise = Statement("empathie", True, "Je erkende het gevoel.", "Wat vervelend.")
    grow = Statement("empathie", False, "Erken vaker wat de inwoner voelt.")
    kept = confident([praise, grow], {"empathie": UNSURE_EMPATHY})
    assert kept == [grow]
    assert contradiction(praise, UNSURE_EMPATHY) == 0.6
    assert contradiction(grow, UNSURE_EMPATHY) == 0.1 < SAY_BELOW


def test_a_stated_error_stays_and_an_omission_the_model_doubts_goes() -> None:
    error = Statement("feiten", False, "Dat bedrag klopt niet.", "Het kost € 45,00.", "fout")
    omission = Statement("feiten", False, "Deze uitleg ontbrak: de kosten.", None, "ontbreekt")
    kept = confident([error, omission], {"feiten": LIKELY_GOOD_FACTS})
    assert kept == [error]  # the level "fout" must name the sentence it means


def test_a_criterion_without_a_model_keeps_its_statements() -> None:
    summary = Statement("samenvatten", True, "Je vatte samen.", "Dus u wilt …")
    assert confident([summary], {"empathie": UNSURE_EMPATHY}) == [summary]


def test_the_questions_model_only_says_how_sure_the_rules_level_is(
    references: dict[str, Reference],
) -> None:
    lines = [
        (M, "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?"),
        (R, "Mijn paspoort is gestolen en ik vlieg maandag naar Spanje!"),
        (M, "Wat vervelend voor u. Wanneer vertrekt u precies?"),
        (R, "Maandagochtend om zeven uur."),
        (M, "Dan vraagt u met spoed een nieuw paspoort aan. Is uw vraag hiermee beantwoord?"),
    ]
    scenario = load_scenarios()[PASPOORT]
    models = load_models()
    assert "vragen" in models
    without = {name: model for name, model in models.items() if name != "vragen"}
    with_model = judge_lines(scenario, lines, references[PASPOORT], models)
    rules_only = judge_lines(scenario, lines, references[PASPOORT], without)
    assert with_model.vragen == rules_only.vragen
    chances = models["vragen"].probabilities({})  # a distribution over the three levels
    assert abs(float(chances.sum()) - 1.0) < 1e-9
    said = [s for s in with_model.statements if s.criterion == "vragen"]
    assert set(said) <= {s for s in rules_only.statements if s.criterion == "vragen"}


def test_juistheid_follows_the_rubric_when_the_facts_are_wrong() -> None:
    assert agree_with_rubric({"juistheid": 95, "toon": 80}, {"feiten": "fout"}) == {
        "juistheid": FOUT_AT_MOST,
        "toon": 80,
    }
    assert agree_with_rubric({"juistheid": 95}, {"feiten": "goed"}) == {"juistheid": 95}
    assert agree_with_rubric({"juistheid": 20}, {"feiten": "fout"}) == {"juistheid": 20}


def test_the_practice_page_never_shows_a_full_juistheid_bar_beside_a_factual_error() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?",
            "Aangifte bij de politie is niet nodig. U maakt een afspraak en vraagt met spoed een "
            "nieuw paspoort aan, dat kost € 84,70.",
            "Is uw vraag beantwoord? Fijne dag.",
        ]
    )
    before, _parts = scores(practice)
    result = feedback(practice)
    assert result.rubric is not None and result.rubric.feiten == "fout"
    assert before["juistheid"] > FOUT_AT_MOST  # the old bar accepted it
    assert result.scores["juistheid"] <= FOUT_AT_MOST
    assert any(s.kind == "fout" for s in result.rubric.statements)


def test_no_growth_point_for_what_the_rubric_judged_at_its_best() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?",
            "Wat een schrik, en dat zo vlak voor uw reis. Wanneer vertrekt u?",
            "Is uw vraag hiermee beantwoord? Dan wens ik u een goede reis.",
        ]
    )
    unfiltered = {point.skill for point in growth(practice)}  # without the rubric
    result = feedback(practice)
    assert result.rubric is not None
    done = settled(result.rubric)
    assert done  # the rubric judged at least one of these skills at its best
    assert done & unfiltered  # … that the older growth points would have criticised
    assert not done & {point.skill for point in result.growth}


def test_the_empathie_bar_follows_the_rubric_level() -> None:
    # the rubric's empathie level is the one measured against opleiders: a page never shows
    # "Empathie 40 van de 100" beside empathie 2 of 2, nor a high bar beside 0 of 2
    low = {"empathie": 33, "toon": 90}
    assert agree_with_rubric(low, {"feiten": "goed", "empathie": 2}) == {
        "empathie": EMPATHY_BEST_AT_LEAST,
        "toon": 90,
    }
    assert agree_with_rubric(low, {"feiten": "goed", "empathie": 1}) == low
    assert agree_with_rubric({"empathie": 90}, {"feiten": "goed", "empathie": 0}) == {
        "empathie": EMPATHY_NONE_AT_MOST
    }
    assert agree_with_rubric({"empathie": 85}, {"feiten": "goed", "empathie": 2}) == {
        "empathie": 85
    }
    assert agree_with_rubric({"empathie": 20}, {"feiten": "goed", "empathie": 0}) == {
        "empathie": 20
    }
    # both at once, and the input is left as it was
    both = {"empathie": 90, "juistheid": 95}
    assert agree_with_rubric(both, {"feiten": "fout", "empathie": 0}) == {
        "empathie": EMPATHY_NONE_AT_MOST,
        "juistheid": FOUT_AT_MOST,
    }
    assert both == {"empathie": 90, "juistheid": 95}


def test_the_practice_page_shows_the_empathie_bar_on_the_rubric_side() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat vervelend dat uw paspoort weg is, "
            "ik begrijp dat u daar van schrikt.",
            "Dat is ook spannend, zo vlak voor uw reis. U doet aangifte bij de politie en maakt een "
            "afspraak voor een nieuw paspoort.",
            "Is uw vraag beantwoord? Fijne dag.",
        ]
    )
    before, _parts = scores(practice)
    result = feedback(practice)
    assert result.rubric is not None and result.rubric.empathie == 2
    assert before["empathie"] < EMPATHY_BEST_AT_LEAST  # the phrase count alone says less
    assert result.scores["empathie"] >= EMPATHY_BEST_AT_LEAST
