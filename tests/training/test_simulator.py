"""Determinism, state moves, the guard against assessing the trainee's emotions, and YAML errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import reisgenoot.language.tone
import reisgenoot.training
from reisgenoot.training.analysis import TurnContext, analyse_turn, extract_claims
from reisgenoot.training.catalogue import catalogue
from reisgenoot.training.feedback import feedback
from reisgenoot.training.kennis import Reference
from reisgenoot.training.scenario import ScenarioError
from reisgenoot.training.scenario_files import load_scenario, load_scenarios
from reisgenoot.training.simulator import Session, SessionError

SCENARIOS = load_scenarios()


def _play(name: str, seed: int, kind: str = "goed", reference: Reference | None = None) -> Session:
    scenario = SCENARIOS[name]
    assert scenario.oefenscripts is not None
    lines = getattr(scenario.oefenscripts, kind)
    return Session.replay(scenario, seed, lines, reference=reference)


@pytest.mark.parametrize(
    "name", ["paspoort-vakantie", "verontwaardigde-bewoner", "scheiding-verhuizing-toeslagen"]
)
def test_same_seed_same_transcript(name: str) -> None:
    for kind in ("goed", "zwak"):
        assert _play(name, 42, kind).transcript() == _play(name, 42, kind).transcript()


def test_different_seeds_can_differ() -> None:
    transcripts = {str(_play("verontwaardigde-bewoner", seed).transcript()) for seed in range(8)}
    assert len(transcripts) > 1


def test_turn_by_turn_equals_replay() -> None:
    scenario = SCENARIOS["grofvuil-ophalen"]
    assert scenario.oefenscripts is not None
    session = Session.start(scenario, 7)
    for line in scenario.oefenscripts.goed:
        if not session.finished:
            session.respond(line)
    assert (
        session.transcript() == Session.replay(scenario, 7, scenario.oefenscripts.goed).transcript()
    )
    assert session.finished
    with pytest.raises(SessionError):
        session.respond("Nog iets?")


def test_dismissive_phrase_raises_emotion_and_acknowledging_lowers_it() -> None:
    scenario = SCENARIOS["verontwaardigde-bewoner"]
    calm = Session.start(scenario, 3)
    start = calm.emotion
    calm.respond(
        "Ik hoor dat u boos bent over de aanmaning, terwijl u al tien weken wacht op uw bezwaar. Dat is echt vervelend."
    )
    rude = Session.start(scenario, 3)
    rude.respond("Blijft u even rustig, meneer.")
    assert calm.emotion < start < rude.emotion + 0.01
    assert calm.rapport > rude.rapport


def test_facts_come_out_only_when_asked_well() -> None:
    scenario = SCENARIOS["verontwaardigde-bewoner"]
    session = Session.start(scenario, 1)
    session.respond("Waar gaat uw bezwaar over?")  # low rapport: the resident deflects
    assert "waarover" not in session.revealed
    session = Session.start(scenario, 1)
    session.respond(
        "Ik hoor dat u boos bent: u maakte bezwaar, hoort niks, en krijgt nu een aanmaning. "
        "Dat is echt vervelend. Wanneer heeft u het bezwaar gestuurd?"
    )
    assert session.revealed == ["wanneer"]
    session.respond(
        "Tien weken wachten met een bevestiging, dat snap ik. Heeft u uw zoon verhuisd?"
    )
    assert "waarover" not in session.revealed  # a closed question gets a short answer


def test_resident_gives_up_after_repeated_dismissal() -> None:
    session = Session.start(SCENARIOS["ondernemer-terras"], 5)
    for _ in range(4):
        if session.finished:
            break
        session.respond("Dat zijn nu eenmaal de regels.")
    assert session.finished and session.outcome == "opgegeven"


def test_hints_for_beginners() -> None:
    session = Session.start(SCENARIOS["paspoort-vakantie"], 1, hints=True)
    assert session.opening.hint and session.opening.hint.startswith("Tip:")


def test_analysis_features() -> None:
    context = TurnContext(resident_lines=("Mijn container is na het legen verdwenen.",))
    grounded = analyse_turn(
        "Wat vervelend dat uw container verdwenen is. Welke container is het?", context
    )
    assert grounded.emotional_reaction == 2 and grounded.open_questions
    hollow = analyse_turn("Ik begrijp het. Heeft u een afvalpas?", context)
    assert hollow.emotional_reaction == 1 and hollow.hollow and hollow.closed_questions
    rude = analyse_turn("Dat is nu eenmaal zo. Conform de regels dient u te betalen.", context)
    assert rude.dismissive and rude.plain and rude.non_b1_sentences
    canned = analyse_turn(
        "Hartelijk dank voor uw vraag. Mocht u nog vragen hebben, bel ons.", context
    )
    assert canned.canned
    informal = analyse_turn("Heb jij de container al gezocht?", context)
    assert informal.informal == ["jij"]
    assert [c.value for c in extract_claims("Het kost € 84,70 en duurt 5 werkdagen.")] == [
        "84,70",
        "5 werkdag",
    ]


# --- the trainee's emotions are never assessed (CONTRACTS §10) ------------------------------


def test_tone_classifier_is_never_called_on_trainee_text(
    monkeypatch: pytest.MonkeyPatch, references: dict[str, Reference]
) -> None:
    def forbidden(*args: object, **kwargs: object) -> object:
        raise AssertionError("the tone classifier must never run on a trainee's words")

    monkeypatch.setattr(reisgenoot.language.tone, "analyse_tone", forbidden)
    for name in SCENARIOS:
        for kind in ("goed", "zwak"):
            feedback(_play(name, 11, kind, references[name]))


def test_training_package_does_not_import_the_tone_classifier() -> None:
    root = Path(reisgenoot.training.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(
                "tone" in name.split(".")[-1] or name.endswith(".tone") for name in names
            ), f"{path.name} imports {names}"


# --- clear errors in scenario files ---------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    original = (
        Path(reisgenoot.training.__file__).parent / "scenarios" / "grofvuil-ophalen.yaml"
    ).read_text()
    path = _write(tmp_path, "kapot", original.replace("  geduld: 8\n", ""))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = caught.value.dutch()
    assert "kapot.yaml" in message and "persona.geduld" in message and "ontbreekt" in message


def test_wrong_band_and_bad_reference_are_explained(tmp_path: Path) -> None:
    original = (
        Path(reisgenoot.training.__file__).parent / "scenarios" / "grofvuil-ophalen.yaml"
    ).read_text()
    path = _write(
        tmp_path,
        "band",
        original.replace(
            '    onrustig:\n      - "Goedemiddag. Die', '    boos:\n      - "Goedemiddag. Die'
        ),
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "zinnen.opening.boos" in caught.value.dutch() and "rustig" in caught.value.dutch()
    path = _write(
        tmp_path,
        "ref",
        original.replace("uitvragen: [spullen, keren]", "uitvragen: [spullen, keertjes]"),
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "keertjes" in caught.value.dutch()


def test_bad_yaml_and_typo_and_name_mismatch(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_write(tmp_path, "yaml", "titel: [oeps\n"))
    assert "geen geldige YAML" in caught.value.dutch() and "regel" in caught.value.dutch()
    original = (
        Path(reisgenoot.training.__file__).parent / "scenarios" / "grofvuil-ophalen.yaml"
    ).read_text()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_write(tmp_path, "typo", original.replace("niveau: 1", "nivo: 1")))
    assert "nivo" in caught.value.dutch() and "bestaat niet" in caught.value.dutch()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_write(tmp_path, "andere-naam", "naam: grofvuil\n" + original))
    assert "andere-naam" in caught.value.dutch()


def test_unknown_scenario_lists_the_names() -> None:
    with pytest.raises(ScenarioError) as caught:
        catalogue().get("bestaat-niet")
    assert "bestaat-niet" in caught.value.dutch() and "paspoort-vakantie" in caught.value.dutch()
