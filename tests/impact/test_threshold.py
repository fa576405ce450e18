"""The threshold of 5 on every output: report, leidraad, PDF, organisation view and pages."""

from __future__ import annotations

import pytest

from reisgenoot.impact import pdf
from reisgenoot.impact.actions import lookback
from reisgenoot.impact.guide import build_guide
from reisgenoot.impact.organisation import MERGED_LABEL, organisation_view
from reisgenoot.impact.report import team_report
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web import pdf as web_pdf
from tests.impact.conftest import (
    MakeTeam,
    answer_round,
    close_round,
    full_round,
    open_round,
    round_of,
)
from tests.pdftext import pdf_text


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_team_report_needs_five(
    settings: Settings, db: Database, make_team: MakeTeam, people: int, shown: bool
) -> None:
    team = make_team("Team Noord", 6)
    round_id = full_round(db, settings, team, people)
    with db.session() as session:
        report = team_report(session, round_id)
    assert report.shown is shown
    assert report.respondents == people
    if not shown:
        assert report.dimensions == [] and "minder dan 5" in report.reason
        return
    emotional = report.dimensions[0]
    assert emotional.score is not None
    assert all(item.distribution is not None for item in emotional.statements)
    assert emotional.quotes and emotional.themes
    assert report.dimensions[1].quotes == []  # no open answers there


def test_nothing_is_shown_while_the_round_is_open(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members)
    with db.session() as session:
        report = team_report(session, round_id)
    assert not report.shown and "loopt nog" in report.reason


def test_a_statement_with_fewer_than_five_answers_is_not_shown(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    forms = {}
    for index in range(5):
        form = {"emo_nieuwsgierig": "4", "emo_gehoord": "2", "emo_zorg_baan": "3"}
        if index < 4:
            form["emo_fouten"] = "5"
        forms[index] = form
    answer_round(db, round_id, team.members, forms)
    close_round(db, settings, round_id)
    with db.session() as session:
        report = team_report(session, round_id)
    results = {i.statement.key: i for i in report.dimensions[0].statements}
    assert results["emo_fouten"].distribution is None
    assert results["emo_nieuwsgierig"].distribution is not None
    assert report.dimensions[1].score is None  # nobody answered functioneel


@pytest.mark.parametrize(("first", "second", "shown"), [(4, 5, False), (5, 4, False), (5, 5, True)])
def test_change_is_suppressed_when_either_round_is_below_five(
    settings: Settings, db: Database, make_team: MakeTeam, first: int, second: int, shown: bool
) -> None:
    team = make_team("Team Noord", 6)
    full_round(db, settings, team, first)
    round_id = full_round(db, settings, team, second)
    with db.session() as session:
        report = team_report(session, round_id)
    if second < 5:
        assert not report.shown and report.dimensions == []
        return
    changes = [d.change for d in report.dimensions]
    if shown:
        assert all(c is not None for c in changes)
    else:
        assert changes == [None] * 5
        assert "minder dan 5" in report.dimensions[0].change_note


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_leidraad_and_pdfs_follow_the_threshold(
    settings: Settings,
    db: Database,
    make_team: MakeTeam,
    monkeypatch: pytest.MonkeyPatch,
    people: int,
    shown: bool,
) -> None:
    monkeypatch.setattr(
        web_pdf, "REGULAR", web_pdf.FONT_DIR / "missing.ttf"
    )  # core font: readable text
    team = make_team("Team Noord", 6)
    round_id = full_round(db, settings, team, people)
    with db.session() as session:
        report = team_report(session, round_id)
        guide = build_guide(report, lookback(session, round_of(db, round_id)))
    quotes_in_guide = [q for f in guide.focus for q in f.quotes]
    assert bool(quotes_in_guide) is shown
    assert len(guide.steps) >= 5 and guide.steps[-1].minutes.startswith("50")
    report_text = pdf_text(pdf.report_pdf(report, [], []))
    guide_text = pdf_text(pdf.guide_pdf(guide))
    assert ("n = 5" in report_text) is shown
    assert ("werkdruk" in report_text) is shown
    assert ("werkdruk" in guide_text) is shown
    if not shown:
        assert "minder dan 5" in report_text


def test_pdf_with_dejavu_keeps_dutch_characters(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    if not web_pdf.REGULAR.exists():
        pytest.skip("DejaVu Sans is not installed (fonts-dejavu-core)")
    team = make_team("Team Noord", 5)
    round_id = full_round(db, settings, team, 5)
    with db.session() as session:
        body = pdf.report_pdf(team_report(session, round_id), [], [])
    assert body.startswith(b"%PDF") and b"DejaVu" in body


def test_organisation_view_merges_small_teams_and_leaves_out_lone_small_ones(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    big = make_team("Team Groot", 5)
    full_round(db, settings, big, 5)
    small_a = make_team("Team Klein A", 3)
    full_round(db, settings, small_a, 3)
    with db.session() as session:
        view = organisation_view(session)
    assert [r.label for r in view.rows] == ["Team Groot (ronde 1)"]
    assert view.total is None and view.hidden_teams == 1  # total would reveal the small team
    small_b = make_team("Team Klein B", 3)
    full_round(db, settings, small_b, 3)
    with db.session() as session:
        view = organisation_view(session)
    labels = [r.label for r in view.rows]
    assert labels == ["Team Groot (ronde 1)", MERGED_LABEL]
    assert view.rows[1].respondents == 6 and view.hidden_teams == 0
    assert view.total is not None and view.total.respondents == 11
    with db.session() as session:
        own = organisation_view(session, [small_a.team_id])
    assert own.rows == [] and own.hidden_teams == 1


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_organisation_view_threshold(
    settings: Settings, db: Database, make_team: MakeTeam, people: int, shown: bool
) -> None:
    team = make_team("Team Noord", 6)
    full_round(db, settings, team, people)
    with db.session() as session:
        view = organisation_view(session)
    assert bool(view.rows) is shown


EMOTIONAL = ("emo_nieuwsgierig", "emo_zorg_baan", "emo_fouten", "emo_gehoord")


def _closed_round(
    db: Database, settings: Settings, team_id: int, members: list[int], forms: list[dict[str, str]]
) -> int:
    round_id = open_round(db, settings, team_id)
    answer_round(db, round_id, members[: len(forms)], dict(enumerate(forms)))
    close_round(db, settings, round_id)
    return round_id


def test_a_dimension_that_four_people_answered_gets_no_score(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """Four people × four statements are 16 answers, but only four people: no score."""
    team = make_team("Team Noord", 5)
    forms = [{"fun_voorstellen": "4"}] + [dict.fromkeys(EMOTIONAL, "2") for _ in range(4)]
    round_id = _closed_round(db, settings, team.team_id, team.members, forms)
    with db.session() as session:
        report = team_report(session, round_id)
        view = organisation_view(session)
    assert report.shown and report.respondents == 5
    emotional = report.dimensions[0]
    assert emotional.score is None and emotional.people == 0
    assert all(item.distribution is None for item in emotional.statements)
    assert view.rows[0].score("emotioneel") is None


def test_a_hidden_statement_is_left_out_of_the_score_so_it_cannot_be_worked_out(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """Five people answer three statements; one person alone answers the fourth. Had the
    fourth counted in the score, score × 16 − the shown answers would give that answer."""
    team = make_team("Team Noord", 5)
    forms = [{"emo_nieuwsgierig": "4", "emo_gehoord": "2", "emo_zorg_baan": "3"} for _ in range(5)]
    forms[0]["emo_fouten"] = "5"  # the lone answer (a concern: counts as 1)
    round_id = _closed_round(db, settings, team.team_id, team.members, forms)
    with db.session() as session:
        report = team_report(session, round_id)
        view = organisation_view(session)
    emotional = report.dimensions[0]
    by_key = {i.statement.key: i for i in emotional.statements}
    assert by_key["emo_fouten"].distribution is None
    assert emotional.score == 3.0  # (4 + 2 + (6 − 3)) / 3: the lone answer is not in it
    assert emotional.people == 5
    assert view.rows[0].score("emotioneel") == emotional.score  # report and view agree


def test_a_change_is_suppressed_when_a_dimension_is_below_five_in_either_round(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    full = [dict.fromkeys(EMOTIONAL, "4") | {"fun_voorstellen": "4"} for _ in range(5)]
    _closed_round(db, settings, team.team_id, team.members, full)
    thin = [dict.fromkeys(EMOTIONAL, "2") | {"fun_voorstellen": "2"} for _ in range(5)]
    for form in thin[:1]:
        for key in EMOTIONAL:
            del form[key]  # only four people answer emotioneel in round 2
    second = _closed_round(db, settings, team.team_id, team.members, thin)
    with db.session() as session:
        report = team_report(session, second)
    emotional, functional = report.dimensions[0], report.dimensions[1]
    assert emotional.score is None and emotional.change is None
    assert "minder dan 5" in emotional.change_note
    assert functional.change == -2.0  # five people on both sides: shown


def test_the_total_of_the_organisation_view_holds_only_what_the_rows_show(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """Three people answer emo_fouten in each of two teams: six together, but each row hides
    it, so the total must not show it either (total − rows would reveal them)."""
    expected = []
    for name in ("Team A", "Team B"):
        team = make_team(name, 5)
        forms = [{"emo_nieuwsgierig": "4"} for _ in range(5)]
        for form in forms[:3]:
            form["emo_fouten"] = "1"  # a concern: counts as 5
        _closed_round(db, settings, team.team_id, team.members, forms)
        expected.append(4.0)
    with db.session() as session:
        view = organisation_view(session)
    assert [row.score("emotioneel") for row in view.rows] == expected
    assert view.total is not None and view.total.score("emotioneel") == 4.0
    assert view.total.distribution("emotioneel").n == 10
