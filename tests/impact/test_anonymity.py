"""Anonymity by construction: the schema, the absent joins, the audit trail, the tokens, the
sealed envelopes. (The attack from copies of the database files is in test_file_attack.py.)"""

from __future__ import annotations

import threading
import uuid
from typing import cast

import pytest
from sqlalchemy import func, inspect, select, text

from reisgenoot.impact import survey
from reisgenoot.impact.models import Answer, Envelope, ParticipationToken, Round
from reisgenoot.impact.questions import ImpactError
from reisgenoot.impact.sealing import ENVELOPE_SIZE
from reisgenoot.language.pii import redact
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.conftest import PG_URL
from tests.impact.conftest import (
    MakeTeam,
    answer_round,
    close_round,
    form_for,
    join_team,
    open_round,
    round_of,
)


def test_answers_and_tokens_have_no_person_time_or_sequence_columns(db: Database) -> None:
    schema = inspect(db.engine)
    answers = {c["name"]: c for c in schema.get_columns("impact_answers")}
    tokens = {c["name"]: c for c in schema.get_columns("impact_tokens")}
    envelopes = {c["name"]: c for c in schema.get_columns("impact_envelopes")}
    assert set(answers) == {"id", "round_id", "question_version", "question_key", "value", "text"}
    assert set(tokens) == {"round_id", "token_hash", "answered"}
    assert set(envelopes) == {"id", "round_id", "sealed"}
    for columns in (answers, tokens, envelopes):
        types = {name: str(c["type"]).upper() for name, c in columns.items()}
        assert not any("DATE" in t or "TIME" in t for t in types.values()), types
    assert "CHAR" in str(answers["id"]["type"]).upper()  # random UUID text, not a counter
    assert "CHAR" in str(envelopes["id"]["type"]).upper()
    for table in ("impact_answers", "impact_tokens", "impact_envelopes"):
        referred = {fk["referred_table"] for fk in schema.get_foreign_keys(table)}
        assert referred == {"impact_rounds"}, referred
    # No secret of any kind next to the round: the token key lives outside the database.
    rounds = {c["name"] for c in schema.get_columns("impact_rounds")}
    assert not {"secret", "key", "salt"} & rounds


def test_no_join_from_tokens_to_answers_singles_anyone_out(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members[:5])
    with db.session() as session:
        assert session.scalars(select(Answer)).first() is None  # nothing readable while open
        token_values = set(session.scalars(select(ParticipationToken.token_hash)))
        envelopes = list(session.scalars(select(Envelope)))
        assert len(envelopes) == 5
        for envelope in envelopes:
            assert uuid.UUID(envelope.id).version == 4
            assert len(envelope.sealed) == ENVELOPE_SIZE  # the same size, whatever was filled in
            assert envelope.id not in token_values
        # The only common column is round_id: joining on it pairs every token with every
        # envelope of the round, so each token (answered or not) gets exactly the same rows.
        rows = session.execute(
            text(
                "SELECT t.token_hash, count(e.id) FROM impact_tokens t "
                "JOIN impact_envelopes e ON e.round_id = t.round_id GROUP BY t.token_hash"
            )
        ).all()
        assert len(rows) == 6
        assert {count for _hash, count in rows} == {len(envelopes)}
    close_round(db, settings, round_id)
    with db.session() as session:
        answers = list(session.scalars(select(Answer)))
        assert answers
        for answer in answers:
            assert uuid.UUID(answer.id).version == 4
            shared = {answer.id, answer.question_key, str(answer.value), answer.text} & token_values
            assert not shared


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
        key = settings.audit_secret()
        assert survey.has_answered(session, round_of(db, round_id), team.members[0], key=key)
        assert session.scalar(select(func.count()).select_from(Envelope)) == 1  # one submission
    close_round(db, settings, round_id)
    with db.session() as session:
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


def test_closing_deletes_tokens_and_envelopes_and_writes_the_answers_once(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members)
    submitted = sorted(
        str((key, int(value) if key != "emotioneel_open" else None, None))
        if key != "emotioneel_open"
        else str((key, None, redact(value).text))
        for index in range(5)
        for key, value in form_for(index).items()
    )
    close_round(db, settings, round_id)
    with db.session() as session:
        after = {(a.id, a.question_key, a.value, a.text) for a in session.scalars(select(Answer))}
        assert session.scalar(select(func.count()).select_from(ParticipationToken)) == 0
        assert session.scalar(select(func.count()).select_from(Envelope)) == 0
        round_ = session.get(Round, round_id)
        assert round_ is not None
        assert not hasattr(round_, "secret") and round_.respondents == 5
    assert sorted(map(str, (a[1:] for a in after))) == submitted
    assert len({a[0] for a in after}) == len(after) == 100
    assert all(uuid.UUID(a[0]).version == 4 for a in after)


def test_open_answers_are_redacted_before_they_are_stored(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    form = form_for(0)
    form["emotioneel_open"] = "Bel Jan de Vries op 06-12345678 of mail jan@voorbeeld.nl."
    survey.submit(db, round_id, team.members[0], form)
    with db.session() as session:
        sealed = session.scalars(select(Envelope.sealed)).one()
    assert b"06-12345678" not in sealed and b"Vries" not in sealed and b"emo_" not in sealed
    close_round(db, settings, round_id)
    with db.session() as session:
        stored = cast(
            str, session.scalars(select(Answer.text).where(Answer.text.is_not(None))).one()
        )
    assert "06-12345678" not in stored and "jan@voorbeeld.nl" not in stored
    assert "Vries" not in stored


def _ages(db: Database, table: str) -> dict[str, int]:
    """Per row of ``table`` the transaction that wrote it (PostgreSQL xmin); on SQLite the
    row id, which is reused once a table was emptied, so only ids and counts are compared."""
    column = "rowid" if db.engine.dialect.name == "sqlite" else "xmin::text"
    ident = "id" if table == "impact_envelopes" else "token_hash"
    with db.session() as session:
        rows = session.execute(text(f"SELECT {ident}, {column} FROM {table}")).all()
    return {str(i): int(age) for i, age in rows}


def test_every_submission_rewrites_all_tokens_and_envelopes(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """After a submission every token and envelope of the round is equally new: fresh
    envelope ids, and on PostgreSQL one transaction id for all of them."""
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    before: dict[str, int] = {}
    for index, user_id in enumerate(team.members[:5]):
        survey.submit(db, round_id, user_id, form_for(index))
        tokens = _ages(db, "impact_tokens")
        envelopes = _ages(db, "impact_envelopes")
        assert len(envelopes) == index + 1 and len(tokens) == 6
        assert not set(envelopes) & set(before)  # every envelope has a new id
        if db.engine.dialect.name == "postgresql":
            assert len(set(tokens.values()) | set(envelopes.values())) == 1  # one xmin
        before = envelopes


@pytest.mark.skipif(PG_URL is not None, reason="the -wal file belongs to SQLite")
def test_the_wal_file_is_emptied_after_submitting_and_closing(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    wal = settings.home / "reisgenoot.db-wal"
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    survey.submit(db, round_id, team.members[0], form_for(0))
    assert wal.stat().st_size == 0
    survey.submit(db, round_id, team.members[1], form_for(1))
    assert wal.stat().st_size == 0
    close_round(db, settings, round_id)
    assert wal.stat().st_size == 0


def test_a_damaged_envelope_stops_the_closing_and_keeps_the_round_open(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 5)
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members)
    with db.session() as session:
        envelope = session.scalars(select(Envelope)).first()
        assert envelope is not None
        envelope.sealed = envelope.sealed[:-1] + bytes([envelope.sealed[-1] ^ 1])
    with pytest.raises(ImpactError) as refused:
        close_round(db, settings, round_id)
    assert refused.value.code == "envelop_onleesbaar"
    assert round_of(db, round_id).is_open
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Envelope)) == 5


def test_while_open_pages_learn_only_whether_five_took_part(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    labels = []
    for index, user_id in enumerate(team.members[:5]):
        with db.session() as session:
            labels.append(survey.participation_label(session, round_of(db, round_id)))
        survey.submit(db, round_id, user_id, form_for(index))
    with db.session() as session:
        labels.append(survey.participation_label(session, round_of(db, round_id)))
    assert labels == ["nog geen 5"] * 5 + ["5 of meer"]
    close_round(db, settings, round_id)
    with db.session() as session:
        assert survey.participation_label(session, round_of(db, round_id)) == "5"


def test_people_answering_at_the_same_moment_all_get_in(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """Submissions rewrite the round's rows, so they take turns; none is lost or refused."""
    team = make_team("Team Noord", 6)
    round_id = open_round(db, settings, team.team_id)
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def answer(index: int, user_id: int) -> None:
        start.wait()
        try:
            survey.submit(db, round_id, user_id, form_for(index))
        except BaseException as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(i, u)) for i, u in enumerate(team.members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Envelope)) == 6
        assert survey.answered_count(session, round_of(db, round_id)) == 6


def test_a_newcomer_gets_a_token_whoever_answers_first(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    """Someone joins after the opening: the next submission, by anyone, adds their token, so a
    new token row never tells that the newcomer answered."""
    team = make_team("Team Noord", 5)
    other = make_team("Team Zuid", 1)
    round_id = open_round(db, settings, team.team_id)
    join_team(db, other.usernames[0], team.team_id)
    survey.submit(db, round_id, team.members[0], form_for(0))
    with db.session() as session:
        tokens = list(session.scalars(select(ParticipationToken)))
        key = settings.audit_secret()
        newcomer = survey.has_answered(session, round_of(db, round_id), other.members[0], key=key)
    assert len(tokens) == 6 and sum(t.answered for t in tokens) == 1 and not newcomer
    survey.submit(db, round_id, other.members[0], form_for(1))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ParticipationToken)) == 6
