"""The demo: its opleider guides its trainee, and its kennisbank backs every scenario."""

from __future__ import annotations

from sqlalchemy import select

from reisgenoot.accounts.models import User
from reisgenoot.demo.seed import seed_demo
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training import coaching, kennis
from reisgenoot.training.scenario_files import load_scenarios


def test_demo_trainee_is_linked_to_demo_opleider(db: Database, settings: Settings) -> None:
    assert seed_demo(db, settings, days=3).seeded
    with db.session() as session:
        found = coaching.links(session)
        names = {(user.id, user.username) for user in session.scalars(select(User))}
    usernames = dict(names)
    assert [(usernames[item.opleider_id], usernames[item.trainee_id]) for item in found] == [
        ("opleider", "trainee")
    ]


def test_the_demo_imports_the_articles_every_scenario_needs(
    db: Database, settings: Settings
) -> None:
    """`reisgenoot demo` puts the demo kennisbank in the database; training reads it there."""
    assert seed_demo(db, settings, days=3).seeded
    scenarios = load_scenarios()
    with db.session() as session:
        missing = kennis.missing_by_scenario(session, scenarios.values())
        reference = kennis.reference_for(session, scenarios["paspoort-vakantie"])
    assert {name: ids for name, ids in missing.items() if ids} == {}
    assert reference.complete and "84,70" in reference.texts["vbs-paspoort"]
