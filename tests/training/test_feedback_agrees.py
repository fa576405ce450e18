"""Every statement and score bar of the practice feedback page follows the rubric's judgement.

Seen in the browser: "Je stelde een open vraag" praised beside "Vragen stellen 0 van de 2", and
"Feiten: deels goed" (nothing wrong said) beside "Juistheid 0". The older strengths, growth
points and bars read phrase lists; the rubric's levels are the ones measured against opleiders,
so a point or bar that its level contradicts (by the bench's rule for a wrong statement) is
left out or moved into the level's range.
"""

from __future__ import annotations

from dataclasses import replace

from reisgenoot.training.feedback import feedback
from reisgenoot.training.points import agrees, growth, strengths
from reisgenoot.training.practice_routes import CHECKLIST_STATES, _checklist
from reisgenoot.training.rubric_statements import contradicted
from reisgenoot.training.scores import (
    NOTHING_WRONG_AT_LEAST,
    agree_epitome,
    agree_with_rubric,
    scores,
    told_at_opening,
)
from tests.training.judging import practise


def test_the_rule_is_the_benchs_rule_for_a_wrong_statement() -> None:
    assert contradicted("vragen", True, "algemeen", 0)
    assert not contradicted("vragen", True, "algemeen", 1)
    assert contradicted("vragen", False, "algemeen", 2)
    assert contradicted("feiten", False, "fout", "deels")  # an error beside "nothing wrong"
    assert not contradicted("feiten", False, "fout", "fout")
    assert contradicted("feiten", False, "ontbreekt", "goed")
    assert not contradicted("feiten", False, "ontbreekt", "deels")
    assert contradicted("samenvatten", True, "algemeen", "0")  # levels as stored (text)


def test_no_praise_for_an_open_question_beside_vragen_0() -> None:
    # the trainee asks one open question but none of the scenario's facts: vragen 0
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?",
            "Daar kan ik u mee helpen.",
            "Dag.",
        ]
    )
    raw, _parts = scores(practice)
    assert "doorvragen" in {s.skill for s in strengths(practice, raw)}  # the old page did
    result = feedback(practice)
    assert result.rubric is not None and result.rubric.vragen == 0
    assert "doorvragen" not in {s.skill for s in result.strengths}
    for item in result.strengths:
        assert agrees(item.criterion, True, "algemeen", result.rubric)


def test_juistheid_is_not_0_beside_facts_judged_partly_right() -> None:
    # no facts given: nothing wrong was said, the explanation is missing (rubric: deels)
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?",
            "Daar kan ik u mee helpen.",
            "Dag.",
        ]
    )
    raw, _parts = scores(practice)
    result = feedback(practice)
    assert result.rubric is not None and result.rubric.feiten == "deels"
    assert raw["juistheid"] == 0  # the old bar
    assert result.scores["juistheid"] >= NOTHING_WRONG_AT_LEAST


def test_asking_every_fact_gets_no_doorvragen_point_but_a_missing_explanation_stays() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?",
            "Wanneer vertrekt u precies?",
            "Heeft u nog een ander identiteitsbewijs, zoals een rijbewijs?",
            "Dank u. Is uw vraag hiermee beantwoord? Fijne dag.",
        ]
    )
    result = feedback(practice)
    assert result.rubric is not None
    assert result.rubric.vragen == 2 and result.rubric.feiten == "deels"
    kept = {(point.criterion, point.kind) for point in result.growth}
    assert ("vragen", "algemeen") not in kept
    assert ("feiten", "ontbreekt") in kept  # nothing was explained: that point stands
    for point in result.growth:
        assert agrees(point.criterion, False, point.kind, result.rubric)
    for bar in ("empathie", "afsluiting", "juistheid"):
        assert agree_with_rubric(result.scores, result.rubric.scores())[bar] == result.scores[bar]


def test_a_stated_error_growth_point_needs_facts_judged_wrong() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?",
            "U maakt een afspraak en vraagt met spoed een nieuw paspoort aan, dat kost € 12,50.",
            "Is uw vraag beantwoord? Fijne dag.",
        ]
    )
    result = feedback(practice)
    assert result.rubric is not None and result.rubric.feiten == "fout"
    assert any(p.kind == "fout" for p in growth(practice, result.rubric))
    nothing_wrong = replace(result.rubric, feiten="deels")
    assert not any(p.kind == "fout" for p in growth(practice, nothing_wrong))
    assert any(p.kind == "fout" for p in growth(practice))  # without the rubric it was there


def test_bars_keep_to_the_range_of_the_rubric_level() -> None:
    found = {"juistheid": 0, "empathie": 95, "afsluiting": 100, "toon": 10}
    rubric: dict[str, str | int] = {"feiten": "deels", "empathie": 1, "afsluiten": 0}
    moved = agree_with_rubric(found, rubric)
    assert moved["juistheid"] >= NOTHING_WRONG_AT_LEAST
    assert moved["empathie"] <= 90
    assert moved["afsluiting"] <= 40
    assert moved["toon"] == 10  # a bar the rubric does not judge stays
    assert agree_with_rubric({"afsluiting": 10}, {"afsluiten": 2})["afsluiting"] >= 70


def test_epitome_parts_never_above_the_rubric_empathie_level() -> None:
    parts = {"emotionele_reactie": 2, "interpretatie": 1, "exploratie": 0}
    assert agree_epitome(parts, 0) == dict.fromkeys(parts, 0)
    assert agree_epitome(parts, 1) == {"emotionele_reactie": 1, "interpretatie": 1, "exploratie": 0}
    assert agree_epitome(parts, 2) == parts


def test_a_fact_told_at_the_opening_is_not_called_asked_on_the_page() -> None:
    # the resident's answer to the greeting is their own story: the rubric does not count it as
    # asking, so the checklist must not say "Uitvragen: …: gedaan" beside vragen 0
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?",
            "Daar kan ik u mee helpen.",
            "Dag.",
        ]
    )
    told = told_at_opening(practice)
    assert told, "the opening story reveals a checklist fact in this scenario"
    assert set(told) <= set(practice.revealed)
    result = feedback(practice)
    data = result.to_dict()
    assert data["zelf_verteld"] == told
    states = dict(_checklist(practice.scenario, result.checklist, told))
    fact = practice.scenario.fact(told[0])
    assert states[f"Uitvragen: {fact.omschrijving}"] == CHECKLIST_STATES["zelf_verteld"]
    assert CHECKLIST_STATES["gedaan"] not in {
        states[f"Uitvragen: {practice.scenario.fact(item).omschrijving}"] for item in told
    }


def test_a_fact_asked_after_the_opening_is_done() -> None:
    practice = practise(
        [
            "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?",
            "Wanneer en waar bent u uw paspoort kwijtgeraakt?",
            "Heeft u nog een ander geldig identiteitsbewijs, zoals een rijbewijs?",
        ]
    )
    told = told_at_opening(practice)
    later = [
        item
        for item in practice.scenario.checklist.uitvragen
        if item in practice.revealed and item not in told
    ]
    assert later, "a question after the opening reveals a checklist fact"
    states = dict(_checklist(practice.scenario, feedback(practice).checklist, told))
    for item in later:
        label = f"Uitvragen: {practice.scenario.fact(item).omschrijving}"
        assert states[label] == CHECKLIST_STATES["gedaan"]


def test_the_better_summary_names_only_what_the_resident_told() -> None:
    # Seen in `reisgenoot train`: the suggested summary named facts the resident never told
    # ("voelde u zich bij de controle betrapt" after a resident who refused every question).
    practice = practise(
        ["Goedemorgen, u spreekt met Sanne van de gemeente.", "Dat is vervelend voor u."]
    )
    example = practice.scenario.voorbeelden.samenvatten
    (point,) = [p for p in growth(practice) if p.skill == "samenvatten"]
    assert point.better != example and "goed begrepen" in point.better
    practice.revealed = [fact.id for fact in practice.scenario.feiten]  # everything told
    (point,) = [p for p in growth(practice) if p.skill == "samenvatten"]
    assert point.better == example
