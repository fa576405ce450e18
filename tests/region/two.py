"""Two municipalities on one installation, for the region tests: Aadorp and Beekdal.

Each gets a database of its own from the conftest (a copy of the migrated template on SQLite,
a database of its own on PostgreSQL) and a home of its own; the municipalities file names
them. Their session and audit keys are generated in their homes (never shared).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reisgenoot.accounts.models import Role
from reisgenoot.accounts.service import NewUser, create_user
from reisgenoot.municipalities import Municipalities, load
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.conftest import fresh_settings
from tests.web.fixtures import PASSWORD

KEYS = ("aadorp", "beekdal")
NAMES = {"aadorp": "Gemeente Aadorp", "beekdal": "Gemeente Beekdal"}


@dataclass(frozen=True)
class Two:
    file: Path
    municipalities: Municipalities

    def settings(self, key: str) -> Settings:
        return self.municipalities.get(key).settings


def write_file(
    folder: Path,
    template: str | None,
    *,
    hosts: dict[str, list[str]],
    own: dict[str, list[str]] | None = None,
) -> Path:
    """The municipalities file for Aadorp and Beekdal with fresh databases (from ``template``);
    ``own`` adds lines (settings) to a municipality's table."""
    tables = []
    for key in KEYS:
        fresh = fresh_settings(folder / key, template)
        lines = [
            f"[gemeenten.{key}]",
            f"naam = {json.dumps(NAMES[key])}",
            f"hosts = {json.dumps(hosts[key])}",
            f"home = {json.dumps(str(fresh.home))}",
            'kb_embedder = "none"',
            "learn_nightly_hour = 3",
        ]
        if fresh.database_url:
            lines.append(f"database_url = {json.dumps(fresh.database_url)}")
        lines.extend((own or {}).get(key, []))
        tables.append("\n".join(lines))
    file = folder / "gemeenten.toml"
    file.write_text("\n\n".join(tables) + "\n", encoding="utf-8")
    return file


def two(
    folder: Path,
    template: str,
    hosts: dict[str, list[str]] | None = None,
    own: dict[str, list[str]] | None = None,
) -> Two:
    hosts = hosts or {"aadorp": ["aadorp.test"], "beekdal": ["beekdal.test", "kcc.beekdal.test"]}
    file = write_file(folder, template, hosts=hosts, own=own)
    return Two(file, load(file, Settings(home=folder / "installatie")))


def add_user(
    settings: Settings, database: Database, username: str, *roles: Role, team: str | None = None
) -> None:
    with database.session() as session:
        create_user(
            session,
            NewUser(username, f"Test {username}", PASSWORD, roles, team=team),
            audit_key=settings.audit_secret(),
            actor="test",
        )
