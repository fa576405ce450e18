"""Tone of residents' words: tone, intensity, escalation, cues; quality on the evaluation set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reisgenoot.language.tone import ESCALATE_REASONS, ToneResult, analyse_tone

EVALUATION = Path(__file__).parents[2] / "evaluation" / "tone"


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Ik ben niet tevreden over de afhandeling van mijn klacht.", "boos"),
        ("Nou geweldig hoor, weer niks ontvangen.", "boos"),
        ("Met alle respect, maar dit is de derde keer dat ik bel.", "boos"),
        ("BELACHELIJK!!1 kzou ff willen weten waarom dat nie kan", "boos"),
        ("Bedankt voor niks.", "boos"),
        ("Ik ben bang dat ik de huur niet kan betalen.", "bezorgd"),
        ("Hoe laat is het stadhuis open?", "neutraal"),
        ("Ja.", "neutraal"),
        ("Ik wil een afspraak maken voor een ID-kaart.", "neutraal"),
        ("Heel erg bedankt, u heeft me super geholpen!", "positief"),
        ("Top, dat was snel geregeld.", "positief"),
        ("Niet slecht, dat ging sneller dan gedacht.", "positief"),
        ("Geen zorgen, het is gelukt. Dank je!", "positief"),
    ],
)
def test_tone(text: str, tone: str) -> None:
    assert analyse_tone(text).tone == tone


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ik wil nu een leidinggevende spreken.", "vraagt_mens"),
        ("Ik wil geen robot, ik wil een echt mens spreken.", "vraagt_mens"),
        ("Ik weet waar je woont.", "dreiging"),
        ("Als dit niet geregeld wordt, steek ik het gemeentehuis in brand.", "dreiging"),
        ("Ik zie het echt niet meer zitten.", "wanhoop"),
        ("Ik wil er een einde aan maken.", "zelfbeschadiging"),
        ("De deurwaarder komt morgen en ik heb twee kinderen.", "kwetsbaar"),
        ("Volgende week worden we uit huis gezet.", "kwetsbaar"),
        ("Al maanden wacht ik op een antwoord op mijn bezwaar.", "vastgelopen"),
        ("Ik word van het kastje naar de muur gestuurd.", "vastgelopen"),
        ("Kut gemeente, godverdomme.", "sterke_boosheid"),
    ],
)
def test_escalation_reasons(text: str, reason: str) -> None:
    result = analyse_tone(text)
    assert result.escalate
    assert reason in result.escalate_reasons
    assert set(result.escalate_reasons) <= set(ESCALATE_REASONS)


@pytest.mark.parametrize(
    "text",
    [
        "Ik heb een vraag over de hondenbelasting.",
        "Ik maak me zorgen over de brief die ik kreeg.",
        "Ik ben niet tevreden.",
        "Mijn leidinggevende moet een formulier tekenen.",
        "Kan iemand mij terugbellen over mijn aanvraag?",
    ],
)
def test_no_escalation(text: str) -> None:
    assert not analyse_tone(text).escalate


def test_worry_is_not_escalation_by_itself() -> None:
    result = analyse_tone("Ik ben bang dat mijn paspoort niet op tijd klaar is.")
    assert result.tone == "bezorgd"
    assert not result.escalate


def test_negation_cancels_emotion() -> None:
    assert analyse_tone("Ik ben niet boos, hoor.").tone != "boos"
    assert analyse_tone("Ik maak me geen zorgen.").tone != "bezorgd"


def test_intensity_grows_with_capitals_and_exclamations() -> None:
    calm = analyse_tone("Dit is belachelijk.")
    loud = analyse_tone("DIT IS BELACHELIJK!!!")
    assert calm.tone == loud.tone == "boos"
    assert loud.intensity > calm.intensity


def test_plain_neutral_has_low_intensity() -> None:
    result = analyse_tone("Wat kost een uittreksel?")
    assert result.tone == "neutraal"
    assert result.intensity < 0.2


def test_cues_explain_the_result() -> None:
    result = analyse_tone("Nou geweldig hoor, ik wil een manager spreken!!")
    assert any(cue.startswith("sarcasme") for cue in result.cues)
    assert any(cue.startswith("vraagt-mens") for cue in result.cues)
    assert "uitroeptekens" in result.cues


def test_to_dict_shape() -> None:
    data = analyse_tone("Bedankt!").to_dict()
    assert list(data) == ["tone", "intensity", "escalate", "escalate_reasons", "cues"]
    json.dumps(data)


def test_empty_input_is_neutral() -> None:
    assert analyse_tone("") == ToneResult("neutraal", 0.0, False, [], [])
    assert analyse_tone("   \n").tone == "neutraal"


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x1b[0m",
        "!!!!!!!!",
        "🙄🙄🙄",
        "\ud800",
        "a" * 1_000_000,
        "nee " * 250_000,
        "€ 1.234,56",
    ],
)
def test_never_crashes(text: str) -> None:
    result = analyse_tone(text)
    assert 0.0 <= result.intensity <= 1.0


def _scores(path: Path) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    predictions = [analyse_tone(row["text"]) for row in rows]
    f1s: list[float] = []
    for tone in ("boos", "bezorgd", "neutraal", "positief"):
        tp = sum(
            r["tone"] == tone and p.tone == tone for r, p in zip(rows, predictions, strict=True)
        )
        fp = sum(
            r["tone"] != tone and p.tone == tone for r, p in zip(rows, predictions, strict=True)
        )
        fn = sum(
            r["tone"] == tone and p.tone != tone for r, p in zip(rows, predictions, strict=True)
        )
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    tp = sum(r["escalate"] and p.escalate for r, p in zip(rows, predictions, strict=True))
    fp = sum(not r["escalate"] and p.escalate for r, p in zip(rows, predictions, strict=True))
    fn = sum(r["escalate"] and not p.escalate for r, p in zip(rows, predictions, strict=True))
    return {
        "rows": len(rows),
        "macro_f1": sum(f1s) / 4,
        "escalate_precision": tp / (tp + fp) if tp + fp else 0.0,
        "escalate_recall": tp / (tp + fn) if tp + fn else 0.0,
    }


def test_evaluation_set_is_balanced_and_large_enough() -> None:
    rows = [
        json.loads(line) for line in (EVALUATION / "cases.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) >= 240
    counts = {
        tone: sum(r["tone"] == tone for r in rows)
        for tone in ("boos", "bezorgd", "neutraal", "positief")
    }
    assert min(counts.values()) >= 60
    assert len({r["id"] for r in rows}) == len(rows)
    dev = {
        json.loads(line)["text"]
        for line in (EVALUATION / "dev.jsonl").read_text("utf-8").splitlines()
    }
    assert not dev & {r["text"] for r in rows}


def test_quality_on_evaluation_set() -> None:
    scores = _scores(EVALUATION / "cases.jsonl")
    assert scores["macro_f1"] >= 0.80
    # Measured 0.71 after the gold review of 2026-12-06 (evaluation/tone/README.md); plain
    # requests the model still escalates keep it below the blind corpus's 0.88.
    assert scores["escalate_precision"] >= 0.65
    # Target is recall >= 0.90; see evaluation/tone/README.md for the measured value.
    assert scores["escalate_recall"] >= ESCALATE_RECALL_FLOOR


ESCALATE_RECALL_FLOOR = 0.85  # measured 0.89; the target 0.90 is not met yet


def test_escalation_threshold_travels_with_the_model(tmp_path: Path) -> None:
    from reisgenoot.language import tone_model

    model = tone_model.load_model()
    assert model is not None
    strict = tone_model.ToneModel(model.tone, model.escalation, 0.99)
    strict.save(tmp_path / "m.npz")
    assert tone_model.load_model(tmp_path / "m.npz").escalate_at == 0.99  # type: ignore[union-attr]
    assert 0.2 <= model.escalate_at <= 0.7  # chosen on blind dev by scripts/train_tone.py


def test_tone_examples_train_the_tone_model_only() -> None:
    from reisgenoot.language import tone_model

    def row(text: str, tone: str, category: str = "geen") -> dict[str, object]:
        return {"text": text, "tone": tone, "escalate": category != "geen", "category": category}

    base = [
        row("ik wil een mens spreken, nu", "boos", "vraagt_mens"),
        row("wanneer wordt de container geleegd?", "neutraal"),
        row("dank u wel, het is gelukt", "positief"),
    ] * 3
    calm = [row("de lamp voor nummer 8 is kapot, kunt u dat doorgeven?", "neutraal")] * 3
    plain = tone_model.train(base)
    both = tone_model.train(base, tone_examples=calm)
    light = tone_model.train(base, tone_examples=[{**r, "weight": 0.01} for r in calm])
    feats = tone_model.features("de lamp is kapot", "neutraal", [], [])
    neutral = both.tone.classes.index("neutraal")
    assert both.tone.probabilities(feats)[neutral] > light.tone.probabilities(feats)[neutral]
    assert both.escalation.features == plain.escalation.features  # escalation never sees them
