"""The demo opleider guides the demo trainee, so the opleider's page is not empty."""

from __future__ import annotations

from sqlalchemy import select

from reisgenoot.accounts.models import User
from reisgenoot.demo.seed import seed_demo
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training import coaching


def test_demo_trainee_is_linked_to_demo_opleider(db: Database, settings: Settings) -> None:
    assert seed_demo(db, settings, days=3).seeded
    with db.session() as session:
        found = coaching.links(session)
        names = {(user.id, user.username) for user in session.scalars(select(User))}
    usernames = dict(names)
    assert [(usernames[item.opleider_id], usernames[item.trainee_id]) for item in found] == [
        ("opleider", "trainee")
    ]
