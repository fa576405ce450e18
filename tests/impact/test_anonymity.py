"""Anonymity by construction: the schema, the absent joins, the audit trail, the tokens."""

from __future__ import annotations

import uuid
from typing import cast

import pytest
from sqlalchemy import func, inspect, select, text

from reisgenoot.impact import survey
from reisgenoot.impact.models import Answer, ParticipationToken, Round
from reisgenoot.impact.questions import ImpactError
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.impact.conftest import (
    MakeTeam,
    answer_round,
    close_round,
    form_for,
    open_round,
    round_of,
)


def test_answers_and_tokens_have_no_person_time_or_sequence_columns(db: Database) -> None:
    schema = inspect(db.engine)
    answers = {c["name"]: c for c in schema.get_columns("impact_answers")}
    tokens = {c["name"]: c for c in schema.get_columns("impact_tokens")}
    assert set(answers) == {"id", "round_id", "question_version", "question_key", "value", "text"}
    assert set(tokens) == {"round_id", "token_hash", "answered"}
    for columns in (answers, tokens):
        types = {name: str(c["type"]).upper() for name, c in columns.items()}
        assert not any("DATE" in t or "TIME" in t for t in types.values()), types
    assert "CHAR" in str(answers["id"]["type"]).upper()  # random UUID text, not a counter
    for table in ("impact_answers", "impact_tokens"):
        referred = {fk["referred_table"] for fk in schema.get_foreign_keys(table)}
        assert referred == {"impact_rounds"}, referred


def test_no_join_from_tokens_to_answers_singles_anyone_out(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members[:5])
    with db.session() as session:
        token_values = set(session.scalars(select(ParticipationToken.token_hash)))
        answers = list(session.scalars(select(Answer)))
        assert answers
        for answer in answers:
            assert uuid.UUID(answer.id).version == 4
            shared = {answer.id, answer.question_key, str(answer.value), answer.text} & token_values
            assert not shared
        # The only common column is round_id: joining on it pairs every token with every
        # answer of the round, so each token (answered or not) gets exactly the same rows.
        rows = session.execute(
            text(
                "SELECT t.token_hash, count(a.id) FROM impact_tokens t "
                "JOIN impact_answers a ON a.round_id = t.round_id GROUP BY t.token_hash"
            )
        ).all()
        assert len(rows) == 6
        assert {count for _hash, count in rows} == {len(answers)}


def test_no_audit_event_per_answer(settings: Settings, db: Database, make_team: MakeTeam) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
    answer_round(db, round_id, team.members)
    with db.session() as session:
        after = session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == before
    close_round(db, settings, round_id)
    with db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent))]
        details = [e.details for e in session.scalars(select(AuditEvent))]
    assert [a for a in actions if a.startswith("impact")] == [
        "impact_ronde_geopend",
        "impact_ronde_gesloten",
    ]
    assert all("user" not in str(d) for d in details if "deelnemers" in d)


def test_answering_twice_is_refused(settings: Settings, db: Database, make_team: MakeTeam) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    survey.submit(db, round_id, team.members[0], form_for(0))
    with pytest.raises(ImpactError) as refused:
        survey.submit(db, round_id, team.members[0], form_for(1))
    assert refused.value.code == "al_ingevuld"
    with db.session() as session:
        assert survey.has_answered(session, round_of(db, round_id), team.members[0])
        assert session.scalar(select(func.count()).select_from(Answer)) == 20  # one submission


def test_invalid_form_does_not_use_up_the_token(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    with pytest.raises(ImpactError):
        survey.submit(db, round_id, team.members[0], {"emo_gehoord": "9"})
    with pytest.raises(ImpactError):
        survey.submit(db, round_id, team.members[0], {})
    survey.submit(db, round_id, team.members[0], form_for(0))


def test_outsiders_and_closed_rounds_are_refused(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    other = make_team("Team Zuid", 5)
    round_id = open_round(db, settings, team.team_id)
    with pytest.raises(ImpactError) as outsider:
        survey.submit(db, round_id, other.members[0], form_for(0))
    assert outsider.value.code == "geen_lid"
    close_round(db, settings, round_id)
    with pytest.raises(ImpactError) as closed:
        survey.submit(db, round_id, team.members[0], form_for(0))
    assert closed.value.code == "ronde_gesloten"


def test_closing_deletes_tokens_and_secret_and_reshuffles_answers(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members)
    with db.session() as session:
        before = {(a.id, a.question_key, a.value, a.text) for a in session.scalars(select(Answer))}
    close_round(db, settings, round_id)
    with db.session() as session:
        after = {(a.id, a.question_key, a.value, a.text) for a in session.scalars(select(Answer))}
        assert session.scalar(select(func.count()).select_from(ParticipationToken)) == 0
        round_ = session.get(Round, round_id)
        assert round_ is not None
        assert round_.secret is None and round_.respondents == 5
    assert sorted(map(str, (a[1:] for a in after))) == sorted(map(str, (b[1:] for b in before)))
    assert not {a[0] for a in after} & {b[0] for b in before}  # every id is new


def test_open_answers_are_redacted_before_they_are_stored(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    form = form_for(0)
    form["emotioneel_open"] = "Bel Jan de Vries op 06-12345678 of mail jan@voorbeeld.nl."
    survey.submit(db, round_id, team.members[0], form)
    with db.session() as session:
        stored = cast(
            str, session.scalars(select(Answer.text).where(Answer.text.is_not(None))).one()
        )
    assert "06-12345678" not in stored and "jan@voorbeeld.nl" not in stored
    assert "Vries" not in stored
