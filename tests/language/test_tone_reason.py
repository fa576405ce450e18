"""Issue 15 (ADR 95): the model names an escalation reason only when it is likely by itself."""

from __future__ import annotations

from reisgenoot.language.tone import analyse_tone
from reisgenoot.language.tone_model import REASON_AT, with_model_reason


def test_a_thinly_spread_escalation_names_no_reason() -> None:
    # over the threshold of escalating, but the most likely category is a guess
    assert with_model_reason([], "kwetsbaar_veiligheid", 0.42, REASON_AT - 0.02, 0.4) == []


def test_a_likely_category_is_named_with_its_reason_code() -> None:
    reasons = with_model_reason([], "kwetsbaar_veiligheid", 0.8, 0.7, 0.4)
    assert reasons == ["kwetsbaar"]


def test_cue_reasons_stand_whatever_the_model_says() -> None:
    assert with_model_reason(["wanhoop"], "vraagt_mens", 0.1, 0.05, 0.4) == ["wanhoop"]
    # next to a cue's reason, the model's category must be likely on its own
    assert with_model_reason(["wanhoop"], "vraagt_mens", 0.6, 0.3, 0.4) == ["wanhoop"]
    assert with_model_reason(["wanhoop"], "dreiging", 0.9, 0.6, 0.4) == ["wanhoop", "dreiging"]


def test_an_irritated_missed_collection_raises_no_vulnerability_alert() -> None:
    result = analyse_tone(
        "de container stond vorige week ook al om zeven uur buiten en werd niet geleegd"
    )
    assert "kwetsbaar" not in result.escalate_reasons
    assert not result.escalate


def test_a_person_at_risk_still_escalates_as_vulnerable() -> None:
    result = analyse_tone(
        "Mijn moeder van 86 woont alleen, ze is gevallen en ligt al twee dagen op bed zonder eten."
    )
    assert result.escalate
