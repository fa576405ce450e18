"""The learned models of agent assist: train, save, load, and what the draft does with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reisgenoot.assist import followup_model, outcome_model, upl_model
from reisgenoot.assist.transcript import parse_text
from reisgenoot.language.linear import LinearModel

ROOT = Path(__file__).resolve().parents[2]

UPL_EXAMPLES = [
    {"text": "mijn container is niet geleegd", "upl": "afvalcontainer"},
    {"text": "de grijze container staat nog vol aan de straat", "upl": "afvalcontainer"},
    {"text": "de kliko is kapot, het deksel is eraf", "upl": "afvalcontainer"},
    {"text": "mijn paspoort verloopt, ik wil een nieuw paspoort", "upl": "paspoort"},
    {"text": "ik ga op reis en heb een reisdocument nodig", "upl": "paspoort"},
    {"text": "paspoort aanvragen voor mijn zoon", "upl": "paspoort"},
]


def _conversation(employee_end: str) -> dict[str, object]:
    return {
        "turns": [
            {"speaker": "medewerker", "text": "Goedemorgen, waarmee kan ik u helpen?"},
            {"speaker": "inwoner", "text": "Mijn container is niet geleegd."},
            {"speaker": "medewerker", "text": employee_end},
        ]
    }


def test_upl_model_trains_saves_and_loads(tmp_path: Path) -> None:
    model = upl_model.train(UPL_EXAMPLES, embed=False)
    path = tmp_path / "upl.npz"
    model.save(path)
    loaded = upl_model.load_model(path)
    assert isinstance(loaded, LinearModel)
    assert set(loaded.classes) == {"afvalcontainer", "paspoort"}
    feats = upl_model.text_features("de container is vol en niet geleegd")
    assert np.allclose(loaded.logits(feats), model.logits(feats), atol=1e-2)
    best = loaded.classes[int(loaded.probabilities(feats).argmax())]
    assert best == "afvalcontainer"


def test_upl_model_with_vectors_uses_them(tmp_path: Path) -> None:
    vectors = np.zeros((len(UPL_EXAMPLES), 4), dtype=np.float32)
    for row, example in enumerate(UPL_EXAMPLES):
        vectors[row, 0 if example["upl"] == "afvalcontainer" else 1] = 1.0
    model = upl_model.train(UPL_EXAMPLES, vectors=vectors)
    model.save(tmp_path / "m.npz")
    loaded = LinearModel.load(tmp_path / "m.npz")
    assert loaded.dim == 4
    vector = np.array([0, 1, 0, 0], dtype=np.float32)
    assert loaded.classes[int(loaded.probabilities({}, vector).argmax())] == "paspoort"


def test_the_frequency_prior_favours_the_product_asked_more_often() -> None:
    model = upl_model.train(UPL_EXAMPLES, embed=False)
    counts = {"paspoort": 15}  # afvalcontainer never asked: log(1) against log(16)
    prior = upl_model.frequency_prior(model.classes, counts)
    assert abs(float(prior.sum())) < 1e-5
    assert prior[model.classes.index("paspoort")] > prior[model.classes.index("afvalcontainer")]
    shifted = upl_model.with_prior(model, counts, strength=1.0)
    gap = shifted.intercept - model.intercept
    assert np.isclose(
        gap[model.classes.index("paspoort")] - gap[model.classes.index("afvalcontainer")],
        np.log(16.0),
    )
    assert upl_model.with_prior(model, counts, strength=0.0) is model


def test_a_municipality_s_own_counts_update_the_prior(tmp_path: Path) -> None:
    model = upl_model.train(UPL_EXAMPLES, embed=False)
    prior = upl_model.Prior(1.0, 1.0, {"paspoort": 15.0})
    prior.save(tmp_path / upl_model.PRIOR_FILE)
    assert upl_model.Prior.load(tmp_path / upl_model.PRIOR_FILE) == prior
    packaged = upl_model.with_prior(model, prior.counts, prior.strength, prior.alpha)
    paspoort, container = (model.classes.index(n) for n in ("paspoort", "afvalcontainer"))
    # Fifteen confirmations of the container: both products now asked as often.
    own = upl_model.with_own_counts(packaged, prior, {"afvalcontainer": 15.0})
    lifted = (own.intercept - packaged.intercept) / model.temperature
    assert lifted[paspoort] == 0.0 and np.isclose(lifted[container], np.log(16.0))
    gap = (own.intercept - model.intercept) / model.temperature
    assert np.isclose(gap[paspoort], gap[container])
    # With many, the municipality's own base rates decide: as if the prior had been made of them.
    many = {"afvalcontainer": 3000.0, "paspoort": 1000.0}
    gap = (upl_model.with_own_counts(packaged, prior, many).intercept - model.intercept) / (
        model.temperature
    )
    assert np.isclose(gap[container] - gap[paspoort], np.log(3001 / 1016), atol=1e-4)
    assert upl_model.with_own_counts(packaged, None, many) is packaged
    assert upl_model.with_own_counts(packaged, prior, {}) is packaged


def test_the_packaged_models_load_by_default() -> None:
    assert len(upl_model.load_model().classes) > 400
    assert "Contactverzoek gemaakt" in outcome_model.load_model().classes
    assert set(followup_model.load_model().classes) == {"taak", "geen"}


def test_outcome_and_followup_models_train_from_conversations(tmp_path: Path) -> None:
    examples = []
    for end, outcome, task in (
        ("Ik zet uw vraag door, de afdeling belt u terug.", "Contactverzoek gemaakt", True),
        ("Ik maak een terugbelverzoek voor u.", "Contactverzoek gemaakt", True),
        ("Ik heb het uitgelegd, fijne dag.", "Zelfstandig afgehandeld", False),
        ("Zo werkt het, meer hoeft u niet te doen.", "Zelfstandig afgehandeld", False),
    ):
        examples.append({**_conversation(end), "gespreksresultaat": outcome, "interneTaak": task})
    outcome_learned = outcome_model.train(examples)
    task_learned = followup_model.train(examples)
    outcome_learned.save(tmp_path / "o.npz")
    task_learned.save(tmp_path / "t.npz")
    feats = outcome_model.conversation_features(
        outcome_model.example_turns(_conversation("De afdeling belt u terug."))
    )
    reloaded = outcome_model.load_model(tmp_path / "o.npz")
    assert outcome_model.predict(reloaded, feats)[0] == "Contactverzoek gemaakt"
    probability = followup_model.task_probability(
        followup_model.load_model(tmp_path / "t.npz"), feats
    )
    assert probability > 0.5


def test_every_phrase_pattern_is_a_feature_by_speaker_and_position() -> None:
    """The rules keep the first hit in a fixed order; the model sees them all, and where."""
    turns = outcome_model.example_turns(
        {
            "turns": [
                {"speaker": "medewerker", "text": "Ik verbind u door met de afdeling Belastingen."},
                {"speaker": "inwoner", "text": "Nee, laat maar."},
                {"speaker": "medewerker", "text": "Goed."},
                {"speaker": "inwoner", "text": "Ik ga eerst met mijn zoon praten."},
                {"speaker": "medewerker", "text": "Prima."},
                {
                    "speaker": "inwoner",
                    "text": "Dan kom ik er later op terug, ik neem weer contact op.",
                },
            ]
        }
    )
    feats = outcome_model.conversation_features(turns)
    assert feats["hit:e:transfer"] == 1.0
    assert "late:e:transfer" not in feats  # said in the first turn of six
    assert feats["hit:r:resident_recontacts"] == 1.0
    assert feats["late:r:resident_recontacts"] == 1.0
    assert not any(name.startswith(("hit:r:transfer", "hit:e:resident")) for name in feats)


def test_a_task_means_the_question_was_not_handled_alone() -> None:
    from reisgenoot.assist.registration import draft_registration

    draft = draft_registration(
        parse_text(
            "medewerker: Goedemorgen, waarmee kan ik u helpen?\n"
            "inwoner: Mijn container is al twee weken niet geleegd.\n"
            "medewerker: Ik zet uw melding door naar de afdeling Afval, zij bellen u terug.\n"
            "inwoner: Graag voor vijf uur, daarna ben ik er niet.\n"
            "medewerker: Dat zet ik erbij. Fijne dag.\n"
        )
    )
    assert draft["interneTaak"] is not None
    assert draft["vragen"][0]["gespreksresultaat"] != "Zelfstandig afgehandeld"
    assert "voor vijf uur" in draft["inhoud"]
    assert "voor vijf uur" in draft["interneTaak"]["toelichting"]
