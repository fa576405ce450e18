"""The simulated resident listens: it answers the question asked and notices wrong information."""

from __future__ import annotations

from reisgenoot.llm.protocol import Completion, Message
from reisgenoot.training.kennis import Reference
from reisgenoot.training.listening import Memory, best_fact, is_proposal, model_phraser
from reisgenoot.training.scenario_files import default_lines, load_scenarios
from reisgenoot.training.simulator import Session

PASPOORT = "paspoort-kwijt-spoed"


def _session(references: dict[str, Reference], name: str = PASPOORT) -> Session:
    return Session.start(load_scenarios()[name], seed=3, reference=references[name])


def test_a_proposal_gets_an_answer_not_a_complaint(references: dict[str, Reference]) -> None:
    session = _session(references)
    session.respond("Goedemorgen, u spreekt met Kim van de gemeente.")
    turn = session.respond("Zal ik meteen een afspraak voor morgen om tien uur voor u maken?")
    default = load_scenarios()[PASPOORT].zinnen["geen_voortgang"]
    complaints = [line for lines in default.values() for line in lines]
    assert not any(turn.text.startswith(line) for line in complaints), turn.text
    assert any(word in turn.text.lower() for word in ("ja", "goed", "doe", "helpt")), turn.text


def test_a_question_in_words_the_author_did_not_list_finds_the_fact(
    references: dict[str, Reference],
) -> None:
    scenario = load_scenarios()[PASPOORT]
    fact = best_fact("Zat het in uw tas, in de trein?", scenario.feiten)
    assert fact is not None and fact.id == "gestolen"
    session = _session(references)
    turn = session.respond("Zat het in uw tas, in de trein?")
    assert "gestolen" in turn.revealed


def test_wrong_information_confuses_the_resident(references: dict[str, Reference]) -> None:
    session = _session(references)
    turn = session.respond("Een nieuw paspoort kost € 20,00.")
    assert "20,00" in turn.text
    assert session.memory.claims == ["€ 20,00"]


def test_known_wrong_answer_is_questioned(references: dict[str, Reference]) -> None:
    session = _session(references)
    turn = session.respond("Dan haalt u een noodpaspoort op Schiphol.")
    assert "noodpaspoort" in turn.text.lower()
    assert session.memory.wrong


def test_a_summary_s_check_question_is_answered_once(references: dict[str, Reference]) -> None:
    session = _session(references, "paspoort-vakantie")
    session.respond("Wanneer vertrekt u?")
    turn = session.respond(
        "Dus u vertrekt over drie weken en u maakt een afspraak voor een nieuw paspoort. Klopt dat?"
    )
    unknown = [line for band in default_lines()["weet_niet"].values() for line in band]
    assert not any(line in turn.text for line in unknown), turn.text


def test_close_check_says_what_is_clear_and_asks_for_the_rest(
    references: dict[str, Reference],
) -> None:
    session = _session(references)
    session.respond("Wanneer vertrekt u?")
    session.respond("U maakt een afspraak voor de verklaring van vermissing.")
    turn = session.respond("Is uw vraag hiermee beantwoord?")
    assert "afspraak" in turn.text.lower(), turn.text
    assert not session.finished


def test_memory_tracks_questions_facts_and_acknowledgement(
    references: dict[str, Reference],
) -> None:
    session = _session(references)
    session.respond(
        "Wat een schrik dat uw paspoort gestolen is vlak voor uw reis. Wanneer vertrekt u?"
    )
    session.respond("U maakt een afspraak voor de verklaring van vermissing.")
    memory: Memory = session.memory
    assert memory.questions == ["Wanneer vertrekt u?"]
    assert "vertrek" in memory.asked_facts
    assert "afspraak" in memory.explained
    assert memory.acknowledged == 1
    assert set(memory.to_dict()) >= {"vragen", "uitgelegd", "toezeggingen"}


def test_the_phraser_rewords_and_sees_the_memory(references: dict[str, Reference]) -> None:
    seen: list[tuple[str, str]] = []

    def phraser(reply: str, trainee: str, memory: Memory, band: str) -> str:
        seen.append((reply, band))
        return f"[{len(memory.questions)}] {reply}"

    scenario = load_scenarios()[PASPOORT]
    session = Session.start(scenario, seed=3, reference=references[PASPOORT], phraser=phraser)
    turn = session.respond("Wanneer vertrekt u?")
    assert turn.text.startswith("[1] ") and seen


def test_proposals_are_closed_questions_that_offer_something() -> None:
    assert is_proposal("Zal ik een afspraak voor u maken?")
    assert is_proposal("Kunt u morgen om tien uur?")
    assert not is_proposal("Heeft u nog een rijbewijs?")


class _Model:
    """A chat model on this machine: returns a fixed text and keeps what it was sent."""

    model_id = "test"

    def __init__(self, text: str, *, fail: bool = False) -> None:
        self.text, self.fail = text, fail
        self.sent: list[list[Message]] = []

    def complete(
        self, messages: list[Message], *, max_tokens: int = 512, temperature: float = 0.0
    ) -> Completion:
        self.sent.append(messages)
        if self.fail:
            raise ConnectionError("no model")
        return Completion(self.text, self.model_id)


def test_a_model_may_reword_but_not_change_numbers() -> None:
    memory = Memory(questions=["Wanneer vertrekt u?"])
    reply = "Maandag, over 4 dagen."
    good = _Model("Ja, maandag al, over 4 dagen!")
    assert model_phraser(good)(reply, "Wanneer vertrekt u?", memory, "onrustig") == (
        "Ja, maandag al, over 4 dagen!"
    )
    assert "onrustig" in good.sent[0][0].content
    assert model_phraser(_Model("Maandag, over 5 dagen."))(reply, "x", memory, "rustig") is None
    assert model_phraser(_Model("", fail=True))(reply, "x", memory, "rustig") is None


def test_the_model_never_sees_personal_data() -> None:
    model = _Model("Goed.")
    model_phraser(model)("Goed.", "Mijn BSN is 111222333, bel 0612345678.", Memory(), "rustig")
    sent = " ".join(m.content for m in model.sent[0])
    assert "111222333" not in sent and "0612345678" not in sent
