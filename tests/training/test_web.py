"""Training in the web app: roles and privacy, CSRF, the practice flow, persistence and Elo."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select

from reisgenoot.accounts.models import User
from reisgenoot.store.engine import Database
from reisgenoot.training import service
from reisgenoot.training.catalogue import catalogue
from reisgenoot.training.models import (
    PracticeResult,
    PracticeSession,
    PracticeTurn,
    ScenarioRating,
    SkillRating,
)
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session as Simulation
from tests.web.fixtures import PASSWORD, Account, csrf_from, login

FORMATIVE = "Deze scores zijn om van te leren. Ze worden nooit gebruikt om je te beoordelen."
SCENARIO = "grofvuil-ophalen"
SHIPPED = catalogue()  # the installations in these tests have no own scenarios
HTMX = {"HX-Request": "true"}


def user_id(db: Database, username: str) -> int:
    with db.session() as session:
        found = session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def as_user(client: TestClient, username: str) -> TestClient:
    client.cookies.clear()
    response = login(client, username)
    assert response.status_code == 303, response.text
    return client


def start(client: TestClient, scenario: str = SCENARIO, hints: bool = False) -> int:
    page = client.get("/training")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.text), "scenario": scenario}
    if hints:
        data["hulp"] = "ja"
    response = client.post("/training/oefenen", data=data)
    assert response.status_code == 303
    match = re.fullmatch(r"/training/oefenen/(\d+)", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


def say(client: TestClient, session_id: int, line: str, *, htmx: bool = True) -> Any:
    page = client.get(f"/training/oefenen/{session_id}")
    token = csrf_from(page.text)
    headers = {**HTMX, "X-CSRF-Token": token} if htmx else {}
    data = {"tekst": line} if htmx else {"tekst": line, "csrf_token": token}
    return client.post(f"/training/oefenen/{session_id}/beurt", data=data, headers=headers)


def play_good_run(client: TestClient, session_id: int) -> None:
    for line in SHIPPED.get(SCENARIO).oefenscripts.goed:  # type: ignore[union-attr]
        response = say(client, session_id, line)
        assert response.status_code == 200
        if "Bekijk je feedback" in response.text:
            return
    raise AssertionError("the good run did not finish the conversation")


@pytest.fixture
def trainee(client: TestClient, users: dict[str, Account], kennisbank: Database) -> TestClient:
    """The trainee, logged in, on an installation with the demo kennisbank."""
    return as_user(client, "trainee")


# --- roles and privacy --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["medewerker", "teamleider", "redacteur", "beheerder"])
def test_other_roles_cannot_open_training_pages(
    client: TestClient, users: dict[str, Account], username: str
) -> None:
    as_user(client, username)
    for path in ("/training", "/training/voortgang", "/training/controleren?seed=1"):
        assert client.get(path).status_code == 403, (username, path)
    # the beheerder manages the opleider–trainee links, but never sees results
    expected = 200 if username == "beheerder" else 403
    assert client.get("/training/trainees").status_code == expected
    assert client.get("/training/trainees/1").status_code == 403


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/training")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("username", ["medewerker", "teamleider"])
def test_staff_cannot_see_a_trainees_results(
    client: TestClient, users: dict[str, Account], db: Database, username: str
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    play_good_run(client, session_id)
    as_user(client, username)
    assert client.get(f"/training/oefenen/{session_id}/feedback").status_code == 403
    assert client.get(f"/training/oefenen/{session_id}").status_code == 403
    trainee_id = user_id(db, "trainee")
    assert client.get(f"/training/trainees/{trainee_id}").status_code == 403


def test_opleider_sees_only_assigned_trainees(
    client: TestClient, users: dict[str, Account], db: Database, settings: Any
) -> None:
    from reisgenoot.accounts.models import Role
    from reisgenoot.accounts.service import NewUser, create_user

    with db.session() as session:
        create_user(
            session,
            NewUser("trainee2", "Tweede Trainee", PASSWORD, (Role.TRAINEE,)),
            audit_key=settings.audit_secret(),
            actor="test",
        )
    as_user(client, "trainee")
    first = start(client)
    play_good_run(client, first)
    as_user(client, "trainee2")
    second = start(client)
    say(client, second, "Goedemiddag, wat kan ik voor u doen?")
    client.post(
        f"/training/oefenen/{second}/stoppen",
        headers={"X-CSRF-Token": csrf_from(client.get(f"/training/oefenen/{second}").text)},
    )

    opleider, trainee_id, other_id = (user_id(db, n) for n in ("opleider", "trainee", "trainee2"))
    with db.session() as session:
        service.assign(session, opleider, trainee_id)

    as_user(client, "opleider")
    overview = client.get("/training/trainees")
    assert f'href="/training/trainees/{trainee_id}"' in overview.text
    assert f'href="/training/trainees/{other_id}"' not in overview.text
    assert f'<option value="{other_id}">Tweede Trainee</option>' in overview.text  # can add
    progress = client.get(f"/training/trainees/{trainee_id}")
    assert progress.status_code == 200
    assert "Grofvuil laten ophalen" in progress.text
    assert FORMATIVE in progress.text
    assert client.get(f"/training/oefenen/{first}/feedback").status_code == 200
    # not assigned: as if it does not exist
    assert client.get(f"/training/trainees/{other_id}").status_code == 404
    assert client.get(f"/training/oefenen/{second}/feedback").status_code == 404
    # read-only: an opleider practises in their own conversations, never in a trainee's
    assert client.get(f"/training/oefenen/{first}").status_code == 404
    token = csrf_from(overview.text)
    response = client.post(
        f"/training/oefenen/{first}/beurt", data={"tekst": "Hallo", "csrf_token": token}
    )
    assert response.status_code == 404


def test_opleider_can_practise_every_scenario(
    client: TestClient, users: dict[str, Account]
) -> None:
    as_user(client, "opleider")
    overview = client.get("/training")
    assert overview.status_code == 200
    for name in load_scenarios():
        assert f'value="{name}"' in overview.text, name
    session_id = start(client)
    assert client.get(f"/training/oefenen/{session_id}").status_code == 200
    assert client.get("/training/controleren?seed=1").status_code == 200


def test_trainee_cannot_open_another_trainees_session(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    other = user_id(db, "opleider")
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        row.trainee_id = other  # now it belongs to someone else
    assert client.get(f"/training/oefenen/{session_id}").status_code == 404
    assert client.get(f"/training/oefenen/{session_id}/feedback").status_code == 404
    assert say(client, session_id, "Hallo").status_code == 404


# --- CSRF ---------------------------------------------------------------------------------


def test_posts_need_the_csrf_token(trainee: TestClient, db: Database) -> None:
    assert trainee.post("/training/oefenen", data={"scenario": SCENARIO}).status_code == 403
    session_id = start(trainee)
    no_token = trainee.post(
        f"/training/oefenen/{session_id}/beurt", data={"tekst": "Hallo"}, headers=HTMX
    )
    assert no_token.status_code == 403
    wrong = trainee.post(
        f"/training/oefenen/{session_id}/beurt",
        data={"tekst": "Hallo"},
        headers={**HTMX, "X-CSRF-Token": "verkeerd"},
    )
    assert wrong.status_code == 403
    assert trainee.post(f"/training/oefenen/{session_id}/stoppen").status_code == 403
    assert trainee.post("/training/controleren", data={"seed": "1"}).status_code == 403
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        assert [t.speaker for t in row.turns] == ["inwoner"]
        assert row.status == "bezig"


# --- the practice flow --------------------------------------------------------------------


def test_practice_flow_from_start_to_feedback(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    page = trainee.get(f"/training/oefenen/{session_id}")
    assert 'aria-live="polite"' in page.text
    assert re.search(r'<label for="(zin-[0-9a-f]+)">.*id="\1" name="tekst"', page.text, re.S)
    opening = Simulation.start(SHIPPED.get(SCENARIO), _seed(db, session_id)).opening.text
    assert opening in page.text

    first = say(trainee, session_id, "Goedemiddag, u spreekt met Aylin. Wat wilt u laten ophalen?")
    assert first.status_code == 200
    assert "<html" not in first.text  # only the new lines and the form
    assert first.text.count('<li class="turn') == 2
    assert 'id="acties" hx-swap-oob="true"' in first.text

    play_good_run(trainee, session_id)
    feedback = trainee.get(f"/training/oefenen/{session_id}/feedback")
    assert feedback.status_code == 200
    text = feedback.text
    assert FORMATIVE in text
    assert text.index("Wat ging goed") < text.index("Wat kan nog beter") < text.index("Scores")
    assert "De vraag van de inwoner is beantwoord." in text
    # the opleider's points say in words whether they are good (a bare "+"/"–" beside a
    # bullet read as a double marker, and a screen reader says nothing useful for it)
    assert re.search(r"<li><strong>(?:Goed|Let op):</strong> ", text)
    assert not re.search(r"<li>[+–] ", text)
    page = trainee.get(f"/training/oefenen/{session_id}")
    assert 'name="tekst"' not in page.text  # a finished conversation takes no more lines
    assert "Bekijk je feedback" in page.text
    late = trainee.post(
        f"/training/oefenen/{session_id}/beurt",
        data={"tekst": "Nog iets?"},
        headers={**HTMX, "X-CSRF-Token": csrf_from(page.text)},
    )
    assert "Het gesprek is afgelopen." in late.text
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None and row.status == "afgerond"
        assert "Nog iets?" not in row.trainee_lines()


def test_practice_works_without_javascript(trainee: TestClient) -> None:
    session_id = start(trainee)
    response = say(trainee, session_id, "Goedemiddag, wat wilt u laten ophalen?", htmx=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/training/oefenen/{session_id}"
    page = trainee.get(f"/training/oefenen/{session_id}")
    assert "Goedemiddag, wat wilt u laten ophalen?" in page.text
    empty = say(trainee, session_id, "   ", htmx=False)
    assert empty.headers["location"].endswith("?fout=leeg")
    assert "Typ eerst wat je wilt zeggen" in trainee.get(empty.headers["location"]).text


def test_empty_line_with_htmx_shows_a_message(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    response = say(trainee, session_id, "  ")
    assert response.status_code == 200
    assert "Typ eerst wat je wilt zeggen" in response.text
    with db.session() as session:
        assert len(session.scalars(select(PracticeTurn)).all()) == 1


def test_hints_for_beginners(trainee: TestClient) -> None:
    session_id = start(trainee, hints=True)
    assert "Tip:" in trainee.get(f"/training/oefenen/{session_id}").text
    without = start(trainee)
    assert "Tip:" not in trainee.get(f"/training/oefenen/{without}").text


def test_hints_can_be_switched_on_and_off_during_the_conversation(trainee: TestClient) -> None:
    session_id = start(trainee)
    page = trainee.get(f"/training/oefenen/{session_id}")
    assert 'id="tip"' not in page.text and "Tips aanzetten" in page.text
    say(trainee, session_id, "Goedemiddag, u spreekt met de gemeente. Waar kan ik u mee helpen?")

    def toggle(on: bool) -> str:
        token = csrf_from(trainee.get(f"/training/oefenen/{session_id}").text)
        data = {"csrf_token": token, "aan": "ja" if on else ""}
        response = trainee.post(f"/training/oefenen/{session_id}/tips", data=data)
        assert response.status_code == 303
        return str(trainee.get(f"/training/oefenen/{session_id}").text)

    switched_on = toggle(True)
    assert 'id="tip"' in switched_on and "Tip:" in switched_on and "Tips uitzetten" in switched_on
    reply = say(trainee, session_id, "Welke spullen wilt u laten ophalen?")
    assert 'id="tip"' in reply.text  # the HTMX reply carries the next tip
    switched_off = toggle(False)
    assert 'id="tip"' not in switched_off and "Tips aanzetten" in switched_off


def test_stopping_early_gives_feedback(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    say(trainee, session_id, "Blijft u even rustig, mevrouw.")
    token = csrf_from(trainee.get(f"/training/oefenen/{session_id}").text)
    response = trainee.post(f"/training/oefenen/{session_id}/stoppen", data={"csrf_token": token})
    assert response.headers["location"] == f"/training/oefenen/{session_id}/feedback"
    page = trainee.get(response.headers["location"])
    assert "Je hebt het gesprek zelf afgerond." in page.text
    assert "Blijft u even rustig, mevrouw." in page.text  # the growth point quotes the line


def test_leerpad_picks_a_scenario(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee, scenario="")
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        assert row.picked_by_path
        expected = service.pick_scenario(session, row.trainee_id, scenarios=SHIPPED)
    assert row.scenario == expected
    assert SHIPPED.get(row.scenario).niveau == 1  # a new trainee starts easy


# --- persistence --------------------------------------------------------------------------


def _seed(db: Database, session_id: int) -> int:
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        return row.seed


def test_trainee_line_is_stored_before_the_reply(
    trainee: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = start(trainee)
    line = "Goedemiddag, wat wilt u laten ophalen?"
    seen: list[list[tuple[str, str]]] = []
    original = Simulation.respond

    def watching(self: Simulation, text: str) -> Any:
        with db.session() as session:  # a separate connection: only committed rows
            rows = session.scalars(
                select(PracticeTurn)
                .where(PracticeTurn.session_id == session_id)
                .order_by(PracticeTurn.position)
            )
            seen.append([(t.speaker, t.text) for t in rows])
        return original(self, text)

    monkeypatch.setattr(Simulation, "respond", watching)
    assert say(trainee, session_id, line).status_code == 200
    assert seen and seen[-1][-1] == ("medewerker", line)


def test_interrupted_turn_is_answered_after_a_restart(
    trainee: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = start(trainee)
    line = "Goedemiddag, wat wilt u laten ophalen?"

    def crash(self: Simulation, text: str) -> Any:
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(Simulation, "respond", crash)
    with pytest.raises(RuntimeError):
        say(trainee, session_id, line)
    monkeypatch.undo()
    with db.session() as session:
        speakers = session.scalars(
            select(PracticeTurn.speaker)
            .where(PracticeTurn.session_id == session_id)
            .order_by(PracticeTurn.position)
        ).all()
    assert speakers == ["inwoner", "medewerker"]  # the line survived, the reply is missing
    page = trainee.get(f"/training/oefenen/{session_id}")
    simulation = Simulation.replay(SHIPPED.get(SCENARIO), _seed(db, session_id), [line])
    assert str(escape(simulation.exchanges[0].resident.text)) in page.text
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        assert [t.speaker for t in row.turns] == ["inwoner", "medewerker", "inwoner"]


def test_stored_session_replays_exactly(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    play_good_run(trainee, session_id)
    with db.session() as session:
        row = session.get(PracticeSession, session_id)
        assert row is not None
        stored = [(t.speaker, t.text) for t in row.turns]
        replay = Simulation.replay(SHIPPED.get(row.scenario), row.seed, row.trainee_lines())
    expected = [(line["spreker"], line["tekst"]) for line in replay.transcript()]
    assert stored == expected


def test_elo_is_updated_after_finish(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    with db.session() as session:
        assert session.scalars(select(SkillRating)).all() == []
    play_good_run(trainee, session_id)
    with db.session() as session:
        ratings = {r.skill: r for r in session.scalars(select(SkillRating))}
        difficulty = session.get(ScenarioRating, SCENARIO)
        result = session.get(PracticeResult, session_id)
    assert set(ratings) == {"empathie", "toon", "volledigheid", "juistheid", "b1", "afsluiting"}
    assert all(r.count == 1 and r.value > 0 for r in ratings.values())  # a good run: up
    assert difficulty is not None and difficulty.count == 1 and difficulty.value < -1.5
    assert result is not None
    assert result.feedback["scenario"] == SCENARIO
    assert set(result.ratings) == set(ratings)

    progress = trainee.get("/training/voortgang")
    assert progress.status_code == 200
    assert FORMATIVE in progress.text
    assert "Grofvuil laten ophalen" in progress.text


def test_stop_without_lines_changes_no_rating(trainee: TestClient, db: Database) -> None:
    session_id = start(trainee)
    token = csrf_from(trainee.get(f"/training/oefenen/{session_id}").text)
    trainee.post(f"/training/oefenen/{session_id}/stoppen", data={"csrf_token": token})
    with db.session() as session:
        assert session.scalars(select(SkillRating)).all() == []
        assert session.get(PracticeResult, session_id) is not None


# --- check the AI -------------------------------------------------------------------------


def test_check_the_ai_exercise(trainee: TestClient, db: Database) -> None:
    from reisgenoot.training import checkai

    first = trainee.get("/training/controleren")
    assert first.status_code == 303
    with db.session() as session:
        seed = next(s for s in range(1, 50) if checkai.make_item(session, seed=s).errors)
        item = checkai.make_item(session, seed=seed)
    page = trainee.get(f"/training/controleren?seed={seed}")
    assert page.status_code == 200
    for number in range(1, len(item.sentences) + 1):
        assert f'for="fout-{number}"' in page.text
        assert f'for="soort-{number}"' in page.text
    error = item.errors[0]
    data = {
        "csrf_token": csrf_from(page.text),
        "seed": str(seed),
        "fout": [str(error.index + 1)],
        f"soort_{error.index + 1}": error.kind,
    }
    result = trainee.post("/training/controleren", data=data)
    assert result.status_code == 200
    assert "Terecht aangewezen (precisie): 100 van de 100" in result.text
    assert FORMATIVE in result.text
    hinted = trainee.get(f"/training/controleren?seed={seed}&hulp=ja")
    assert "Hint:" in hinted.text
