"""The teamdialoog pages: roles on every route, CSRF, answering once, the threshold on pages
and exports, and no page that shows one person's answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy import select

from reisgenoot.impact import survey
from reisgenoot.impact.models import Answer, Envelope, Round
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web import pdf as web_pdf
from tests.impact.conftest import (
    STATEMENT_KEYS,
    MakeTeam,
    TeamFixture,
    answer_round,
    close_round,
    form_for,
    full_round,
    join_team,
    open_round,
)
from tests.pdftext import pdf_text
from tests.web.fixtures import Account, csrf_from, login

SECRET_LINE = "Alleen ik schrijf deze zin over de koffieautomaat"


@pytest.fixture
def team(make_team: MakeTeam, db: Database, users: dict[str, Account]) -> TeamFixture:
    made = make_team("Team Noord", 6)
    join_team(db, "teamleider", made.team_id)
    join_team(db, "medewerker", made.team_id)
    return made


def _post(client: Any, url: str, page_url: str, data: dict[str, str] | None = None) -> Any:
    token = csrf_from(client.get(page_url).text)
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _dependency_names(dependant: Any) -> set[str]:
    names = {getattr(dependant.call, "__name__", "")}
    for sub in dependant.dependencies:
        names |= _dependency_names(sub)
    return names


def test_every_route_needs_a_role(app: FastAPI) -> None:
    routes = [r for r in iter_route_contexts(app.routes) if str(r.path).startswith("/teamdialoog")]
    for route in routes:
        names = _dependency_names(route.dependant)
        assert any(n.startswith("require_roles_") for n in names), route.path
    paths = {(method, str(route.path)) for route in routes for method in route.methods or ()}
    # No route is about one submission or one person: the full list, so additions are seen.
    assert {p for _m, p in paths} == {
        "/teamdialoog",
        "/teamdialoog/teams/{team_id}/rondes",
        "/teamdialoog/rondes/{round_id}/sluiten",
        "/teamdialoog/rondes/{round_id}/invullen",
        "/teamdialoog/rondes/{round_id}/rapport",
        "/teamdialoog/rondes/{round_id}/rapport.pdf",
        "/teamdialoog/rondes/{round_id}/leidraad",
        "/teamdialoog/rondes/{round_id}/leidraad.pdf",
        "/teamdialoog/rondes/{round_id}/acties",
        "/teamdialoog/acties/{action_id}/status",
        "/teamdialoog/organisatie",
        "/teamdialoog/vragen",
        "/teamdialoog/teamdialoog.css",
    }


def test_anonymous_visitors_are_sent_to_login(client: Any) -> None:
    for url in ("/teamdialoog", "/teamdialoog/organisatie", "/teamdialoog/vragen"):
        assert client.get(url).status_code == 303
    assert client.get("/teamdialoog/teamdialoog.css").status_code == 303


def test_medewerker_answers_once_but_cannot_manage(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    round_id = open_round(db, settings, team.team_id)
    login(client, "medewerker")
    overview = client.get("/teamdialoog")
    assert f"/teamdialoog/rondes/{round_id}/invullen" in overview.text
    page = f"/teamdialoog/rondes/{round_id}/invullen"
    response = _post(client, page, page, form_for(0))
    assert response.status_code == 303 and "klaar=1" in response.headers["location"]
    again = client.post(page, data={"csrf_token": csrf_from(overview.text), **form_for(1)})
    assert again.status_code == 409
    assert "maar één keer" in again.text
    for url in (
        f"/teamdialoog/rondes/{round_id}/rapport",
        f"/teamdialoog/rondes/{round_id}/leidraad",
        f"/teamdialoog/rondes/{round_id}/rapport.pdf",
        "/teamdialoog/organisatie",
        "/teamdialoog/vragen",
    ):
        assert client.get(url).status_code == 403, url
    token = csrf_from(overview.text)
    assert (
        client.post(
            f"/teamdialoog/rondes/{round_id}/sluiten", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/teamdialoog/teams/{team.team_id}/rondes", data={"csrf_token": token}
        ).status_code
        == 403
    )


def test_posts_without_csrf_token_are_refused(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    round_id = open_round(db, settings, team.team_id)
    login(client, "medewerker")
    response = client.post(f"/teamdialoog/rondes/{round_id}/invullen", data=form_for(0))
    assert response.status_code == 403
    with db.session() as session:
        assert session.scalars(select(Answer)).first() is None


def test_teamleider_manages_only_own_team(
    client: Any, settings: Settings, db: Database, team: TeamFixture, make_team: MakeTeam
) -> None:
    other = make_team("Team Zuid", 5)
    other_round = full_round(db, settings, other, 5)
    login(client, "teamleider")
    assert client.get(f"/teamdialoog/rondes/{other_round}/rapport").status_code == 403
    response = _post(client, f"/teamdialoog/teams/{other.team_id}/rondes", "/teamdialoog")
    assert response.status_code == 403
    response = _post(client, f"/teamdialoog/teams/{team.team_id}/rondes", "/teamdialoog")
    assert response.status_code == 303
    organisation = client.get("/teamdialoog/organisatie").text
    assert "Team Zuid" not in organisation


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_pages_and_exports_follow_the_threshold(
    client: Any,
    settings: Settings,
    db: Database,
    team: TeamFixture,
    monkeypatch: pytest.MonkeyPatch,
    people: int,
    shown: bool,
) -> None:
    monkeypatch.setattr(web_pdf, "REGULAR", web_pdf.FONT_DIR / "missing.ttf")
    round_id = full_round(db, settings, team, people)
    login(client, "beheerder")
    report = client.get(f"/teamdialoog/rondes/{round_id}/rapport").text
    guide = client.get(f"/teamdialoog/rondes/{round_id}/leidraad").text
    organisation = client.get("/teamdialoog/organisatie").text
    assert ("werkdruk" in report) is shown
    assert ("werkdruk" in guide) is shown
    assert ("<svg" in report) is shown
    assert ("Team Noord (ronde 1)" in organisation) is shown
    for name in ("rapport", "leidraad"):
        response = client.get(f"/teamdialoog/rondes/{round_id}/{name}.pdf")
        assert response.headers["content-type"] == "application/pdf"
        assert ("werkdruk" in pdf_text(response.content)) is shown


def test_no_page_shows_one_persons_answers_not_even_to_a_beheerder(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    round_id = open_round(db, settings, team.team_id)
    forms = {i: form_for(i) for i in range(5)}
    forms[0]["functioneel_open"] = SECRET_LINE  # the only open answer on functioneel
    answer_round(db, round_id, team.members[:5], forms)
    login(client, "beheerder")
    open_report = client.get(f"/teamdialoog/rondes/{round_id}/rapport").text
    assert "loopt nog" in open_report and "<svg" not in open_report
    close_round(db, settings, round_id)
    pages = [
        client.get(url).text
        for url in (
            "/teamdialoog",
            f"/teamdialoog/rondes/{round_id}/rapport",
            f"/teamdialoog/rondes/{round_id}/leidraad",
            "/teamdialoog/organisatie",
        )
    ]
    assert all(SECRET_LINE not in page for page in pages)
    assert "<svg" in pages[1]


def test_beheerder_edits_the_question_set_and_rounds_keep_their_version(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    first = full_round(db, settings, team, 5)
    login(client, "beheerder")
    page = client.get("/teamdialoog/vragen")
    assert page.status_code == 200
    fields = {
        "emotioneel__s0__tekst": "Ik ben benieuwd wat AI voor ons team kan doen.",
        "emotioneel__s0__sleutel": "emo_nieuwsgierig",
        "emotioneel__s0__richting": "positief",
    }
    # keep the rest of the form as it is on the page
    import re

    for name, value in re.findall(
        r'name="([^"]+)"(?: maxlength="\d+")? value="([^"]*)"', page.text
    ):
        fields.setdefault(name, value)
    for name in re.findall(r'<select id="[^"]+" name="([^"]+__richting)"', page.text):
        fields.setdefault(name, "positief")
    fields["emotioneel__s1__richting"] = "zorg"
    fields["emotioneel__s2__richting"] = "zorg"
    fields["functioneel__s3__richting"] = "zorg"
    fields["professioneel__s1__richting"] = "zorg"
    fields["kritisch__s3__richting"] = "zorg"
    fields.pop("csrf_token", None)
    response = client.post(
        "/teamdialoog/vragen", data={"csrf_token": csrf_from(page.text), **fields}
    )
    assert response.status_code == 303, response.text[:2000]
    assert "benieuwd" in client.get("/teamdialoog/vragen").text
    second = open_round(db, settings, team.team_id)
    with db.session() as session:
        versions = {r.id: r.question_version for r in session.scalars(select(Round))}
        kept = set(session.scalars(select(Answer.question_version).where(Answer.round_id == first)))
    assert versions == {first: 1, second: 2} and kept == {1}
    bad = dict(fields, **{"kritisch__s0__tekst": "", "kritisch__s1__tekst": ""})
    refused = client.post("/teamdialoog/vragen", data={"csrf_token": csrf_from(page.text), **bad})
    assert refused.status_code == 400 and "3 of 4" in refused.text


def test_a_round_whose_answers_do_not_open_can_still_be_closed_without_them(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    """A changed key: closing is refused first (the old key can be put back), then the
    teamleider may close without the unreadable answers."""
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members[:5])
    with db.session() as session:
        envelope = session.scalars(select(Envelope)).first()
        assert envelope is not None
        envelope.sealed = envelope.sealed[:-1] + bytes([envelope.sealed[-1] ^ 1])
    login(client, "teamleider")
    overview = client.get("/teamdialoog").text
    assert "1 antwoordlijst is niet te lezen" in overview
    close = f"/teamdialoog/rondes/{round_id}/sluiten"
    refused = _post(client, close, "/teamdialoog")
    assert refused.status_code == 409 and "niet te lezen" in refused.text
    closed = _post(client, close, "/teamdialoog", {"zonder_onleesbare": "ja"})
    assert closed.status_code == 303
    with db.session() as session:
        round_ = session.get(Round, round_id)
        assert round_ is not None and not round_.is_open and round_.respondents == 4
        assert session.scalars(select(Envelope)).first() is None


def test_while_open_the_pages_show_only_below_or_from_five(
    client: Any,
    settings: Settings,
    db: Database,
    team: TeamFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(web_pdf, "REGULAR", web_pdf.FONT_DIR / "missing.ttf")
    round_id = open_round(db, settings, team.team_id)
    login(client, "teamleider")
    rows = re.compile(r"<td>Loopt</td>\s*<td class=\"num\">([^<]*)</td>")
    for count in range(6):
        overview = client.get("/teamdialoog").text
        report = client.get(f"/teamdialoog/rondes/{round_id}/rapport").text
        pdf_report = pdf_text(client.get(f"/teamdialoog/rondes/{round_id}/rapport.pdf").content)
        band = "5 of meer" if count >= 5 else "nog geen 5"
        assert rows.findall(overview) == [band], count
        assert f"Meegedaan: {band} mensen (de ronde loopt nog)." in report
        assert band in pdf_report
        if count < 5:
            survey.submit(db, round_id, team.members[count], form_for(count))
    close_round(db, settings, round_id)
    overview = client.get("/teamdialoog").text
    assert re.search(r"<td>Gesloten</td>\s*<td class=\"num\">5</td>", overview)
    assert "Meegedaan: 5 mensen." in client.get(f"/teamdialoog/rondes/{round_id}/rapport").text


def _envelopes(db: Database) -> int:
    with db.session() as session:
        return len(session.scalars(select(Envelope.id)).all())


def test_a_mostly_empty_questionnaire_is_warned_about_before_it_is_sent(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    round_id = open_round(db, settings, team.team_id)
    login(client, "medewerker")
    page = f"/teamdialoog/rondes/{round_id}/invullen"
    nine = dict.fromkeys(STATEMENT_KEYS[:9], "4")  # 9 of 19: fewer than half
    warned = _post(client, page, page, {**nine, "emotioneel_open": "Alleen dit wilde ik kwijt."})
    assert warned.status_code == 200
    assert "Je hebt nog weinig ingevuld" in warned.text
    assert "bij 9 van de 19 zinnen" in warned.text and "Toch versturen" in warned.text
    assert 'href="#vragenlijst">Verder invullen' in warned.text
    assert 'name="emo_nieuwsgierig" value="4" checked' in warned.text  # answers are kept
    assert "Alleen dit wilde ik kwijt." in warned.text
    assert _envelopes(db) == 0  # nothing sent, the token is still unused
    sent = client.post(page, data={"csrf_token": csrf_from(warned.text), **nine, "bevestigd": "ja"})
    assert sent.status_code == 303 and _envelopes(db) == 1


def test_half_or_more_goes_straight_through_and_errors_come_before_the_warning(
    client: Any, settings: Settings, db: Database, team: TeamFixture
) -> None:
    round_id = open_round(db, settings, team.team_id)
    login(client, "medewerker")
    page = f"/teamdialoog/rondes/{round_id}/invullen"
    wrong = _post(client, page, page, {"emo_gehoord": "9"})
    assert wrong.status_code == 400 and "Een antwoord klopt niet" in wrong.text
    assert "weinig ingevuld" not in wrong.text
    ten = dict.fromkeys(STATEMENT_KEYS[:10], "3")
    assert _post(client, page, page, ten).status_code == 303
    assert _envelopes(db) == 1
