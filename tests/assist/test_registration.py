"""Registration draft: the CONTRACTS §7 shape and limits, interneTaak rules, no personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from reisgenoot.assist import registration, review
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.topics import Question
from reisgenoot.assist.transcript import parse_text
from reisgenoot.bench.assist import _leaks
from reisgenoot.contacts.models import GESPREKSRESULTATEN
from reisgenoot.contacts.upl import upl_names
from reisgenoot.web.formatting import zekerheid

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "vendor" / "klantinteracties" / "openapi.yaml"
TOP = [
    "kanaal",
    "onderwerp",
    "inhoud",
    "reactie",
    "indicatieContactGelukt",
    "taal",
    "vertrouwelijk",
    "plaatsgevondenOp",
    "vragen",
    "interneTaak",
    "betrokkenen",
    "actoren",
    "tone",
    "complex",
    "explanations",
    "model",  # the language model that wrote part of the draft; null offline (docs/llm.md)
]


def _draft(lines: str, **kwargs: Any) -> dict[str, Any]:
    return draft_registration(parse_text(lines), **kwargs)


def _check_shape(draft: dict[str, Any]) -> None:
    assert list(draft) == TOP
    assert 0 < len(draft["kanaal"]) <= 50
    assert 0 < len(draft["onderwerp"]) <= 200 and len(draft["inhoud"]) <= 1000
    assert len(draft["reactie"]) <= 4000
    assert draft["vragen"] and draft["onderwerp"].startswith(draft["vragen"][0]["upl"] + " (")
    for vraag in draft["vragen"]:
        assert list(vraag)[:3] == ["upl", "specifiekeVraag", "gespreksresultaat"]
        assert set(vraag) <= {"upl", "specifiekeVraag", "gespreksresultaat", "ookMogelijk"}
        assert len(vraag["specifiekeVraag"]) <= 180
        assert vraag["gespreksresultaat"] in GESPREKSRESULTATEN
    if draft["interneTaak"] is not None:
        assert set(draft["interneTaak"]) == {"gevraagdeHandeling", "toelichting"}
        assert len(draft["interneTaak"]["gevraagdeHandeling"]) <= 200
        assert len(draft["interneTaak"]["toelichting"]) <= 1000
    assert [a["soortActor"] for a in draft["actoren"]] == ["medewerker", "geautomatiseerde_actor"]
    assert draft["betrokkenen"][0]["rol"] in ("klant", "vertegenwoordiger")
    for path in (
        "kanaal",
        "onderwerp",
        "inhoud",
        "vragen[0].upl",
        "vragen[0].gespreksresultaat",
        "interneTaak",
        "tone",
    ):
        explanation = draft["explanations"][path]
        assert set(explanation) == {"why", "turns", "confidence"}
        assert 0 <= explanation["confidence"] <= 1


def test_shape_and_limits_on_the_evaluation_set(
    evaluation: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    assert len(evaluation) >= 60
    for _gold, draft in evaluation:
        _check_shape(draft)


def test_shape_matches_klantinteracties_schema(
    evaluation: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    schema = {**schemas["Klantcontact"], "components": spec["components"]}
    fields = (
        "kanaal",
        "onderwerp",
        "inhoud",
        "indicatieContactGelukt",
        "taal",
        "vertrouwelijk",
        "plaatsgevondenOp",
    )
    props = {k: v for k, v in schema["properties"].items() if k in fields}
    validator = jsonschema.Draft202012Validator(
        {"type": "object", "properties": props, "components": spec["components"]},
        format_checker=jsonschema.FormatChecker(),
    )
    for _gold, draft in evaluation:
        # plaatsgevondenOp is null in the draft when the input has no times (CONTRACTS §7);
        # the Open Klant export fills it in, so only a present value is validated here.
        errors = list(validator.iter_errors({k: draft[k] for k in fields if draft[k] is not None}))
        assert not errors, errors[0].message


def test_no_personal_data_on_the_evaluation_set(
    evaluation: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    for gold, draft in evaluation:
        assert _leaks(draft, gold["pii"]) == [], gold["source"]


def test_callback_gives_task() -> None:
    draft = _draft(
        "medewerker: Goedemorgen.\ninwoner: Mijn uitkering is niet betaald. Kunt u mij terugbellen?\n"
        "medewerker: Ja, ik maak een terugbelverzoek. Uw consulent belt u morgen terug.\n"
    )
    assert draft["interneTaak"]["gevraagdeHandeling"] == "Terugbelverzoek"
    assert draft["vragen"][0]["gespreksresultaat"] == "Contactverzoek gemaakt"


def test_live_transfer_is_no_task() -> None:
    draft = _draft(
        "medewerker: Goedemorgen.\ninwoner: Ik wil een traplift aanvragen voor mijn moeder.\n"
        "medewerker: Ik verbind u door met het Sociaal Team.\n"
    )
    assert draft["interneTaak"] is None
    assert draft["vragen"][0]["gespreksresultaat"] == "Doorverbonden naar afdeling"
    assert draft["betrokkenen"][0]["rol"] == "vertegenwoordiger"


def test_klant_belt_terug_is_no_task() -> None:
    draft = _draft(
        "medewerker: Goedemorgen.\ninwoner: Ik wil een parkeerontheffing voor de verhuiswagen.\n"
        "medewerker: Daarvoor heb ik het kenteken nodig.\ninwoner: Dat heb ik niet, ik bel morgen wel terug.\n"
    )
    assert draft["interneTaak"] is None
    assert draft["vragen"][0]["gespreksresultaat"] == "Afgehandeld, klant belt terug"


def test_name_only_when_given_and_redacted_elsewhere() -> None:
    draft = _draft(
        "medewerker: Goedemorgen.\ninwoner: Goedemorgen, met Karel de Boer. Mijn paspoort is verlopen, hoe vraag ik een nieuw aan?\n"
        "medewerker: Maak een afspraak en neem een pasfoto mee.\n"
    )
    name = draft["betrokkenen"][0]["contactnaam"]
    assert name["achternaam"] == "Boer" and name["voorvoegselAchternaam"] == "de"
    assert "Karel" not in draft["onderwerp"] + draft["inhoud"]
    assert draft["vragen"][0]["upl"] == "paspoort"
    assert _draft("inwoner: Mijn kliko is kapot.\n")["betrokkenen"][0]["contactnaam"] is None


def test_kanaal_option_and_default() -> None:
    assert _draft("inwoner: Mijn kliko is kapot.\n")["kanaal"] == "Telefoon"
    assert _draft("inwoner: Mijn kliko is kapot.\n", kanaal="Balie")["kanaal"] == "Balie"


def test_a_closing_thank_you_is_not_the_question() -> None:
    draft = _draft(
        "Inwoner: Ik maak me een beetje zorgen, de aanslag is veel hoger dan vorig jaar en ik "
        "weet niet of ik dat kan betalen.\n"
        "Medewerker: Dat snap ik. U kunt de aanslag in tien termijnen betalen, dat regel ik "
        "nu voor u.\n"
        "Inwoner: Oh wat fijn, heel erg bedankt, echt super geholpen!\n"
    )
    assert draft["vragen"][0]["specifiekeVraag"].startswith("Ik maak me een beetje zorgen")
    assert "bedankt" not in draft["onderwerp"]
    # thanks that open a longer sentence keep it: "Dank u, dan de tweede vraag: …"
    draft = _draft(
        "Inwoner: Dank u wel, en dan mijn tweede vraag: wanneer wordt het grofvuil in mijn "
        "straat opgehaald?\n"
        "Medewerker: Dat is elke eerste dinsdag van de maand.\n"
    )
    assert "grofvuil" in draft["vragen"][-1]["specifiekeVraag"]


UNSURE = "medewerker: Goedemiddag.\ninwoner: Ik heb een vraag over mijn brief.\nmedewerker: Welke brief bedoelt u?\ninwoner: Over de kosten, ik snap het niet."
SURE = "medewerker: Goedemiddag.\ninwoner: De lantaarnpaal in mijn straat is kapot.\nmedewerker: Dat geef ik door."


def test_an_unsure_question_carries_other_products_and_a_sure_one_does_not() -> None:
    names = set(upl_names())
    seen = set()
    for text in (UNSURE, SURE):
        draft = _draft(text)
        for number, vraag in enumerate(draft["vragen"]):
            confidence = draft["explanations"][f"vragen[{number}].upl"]["confidence"]
            sure = zekerheid(confidence) == "hoog"
            seen.add(sure)
            if sure:
                assert "ookMogelijk" not in vraag
                continue
            others = vraag["ookMogelijk"]
            assert 1 <= len(others) <= 2 and set(others) <= names
            assert vraag["upl"] not in others and len(set(others)) == len(others)
    assert seen == {True, False}  # both kinds were checked


def test_alternatives_follow_a_replaced_product() -> None:
    """When the language model's second opinion replaced the product, the classifier's own
    first product is among the alternatives, and the chosen one is not."""
    question = Question("paspoort", 0.55, [1], (), (("identiteitskaart", 0.2), ("rijbewijs", 0.1)))
    draft: dict[str, Any] = {
        "vragen": [{"upl": "identiteitskaart"}],
        "explanations": {"vragen[0].upl": {"confidence": 0.5}},
    }
    registration._also_possible(draft, [question])
    assert draft["vragen"][0]["ookMogelijk"] == ["paspoort", "rijbewijs"]
    draft["explanations"]["vragen[0].upl"]["confidence"] = 0.8
    del draft["vragen"][0]["ookMogelijk"]
    assert "ookMogelijk" not in registration._also_possible(draft, [question])["vragen"][0]


def test_alternatives_are_no_registration_data() -> None:
    """The review form's values (what is stored, exported to Open Klant and learned from)
    hold no alternatives; the proposal keeps them apart."""
    draft = _draft(UNSURE)
    values = review.editable(draft)
    assert not any("ookMogelijk" in key for key in values)
    assert review.alternatives(draft) == {"vragen[0].upl": draft["vragen"][0]["ookMogelijk"]}
