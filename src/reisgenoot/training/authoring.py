"""Opleiders write, check and save practice scenarios in the browser, and assign them.

A scenario written in the browser is a file in the municipality's own folder
(``REISGENOOT_SCENARIO_DIR``; when that is not set, ``scenarios/`` inside ``REISGENOOT_HOME``),
so the command line (``reisgenoot train --list``) and the web app see the same scenarios and
nothing inside the package changes. Every save is a new **version**: the file it replaces is
kept under ``.versies/<naam>/`` with its number, so an opleider can look back and restore.
Before saving, the text is **validated** (the same Dutch messages with line and field as for
files) and **previewed**: the scenario's own example scripts are played against the simulated
resident and judged with the opleider's rubric, so the author sees whether the good script
reaches the goal and the weak one does not. Saving is audited (who, which scenario, which
version; never the text).

An opleider **assigns** a scenario to a trainee they guide; the trainee sees it on top of
their practice page until they have practised it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from reisgenoot.settings import Settings
from reisgenoot.store.audit import record
from reisgenoot.training.kennis import Reference
from reisgenoot.training.models import Assignment, PracticeSession, ScenarioAssignment
from reisgenoot.training.rubric import Judgement, judge
from reisgenoot.training.scenario import Scenario, ScenarioError
from reisgenoot.training.scenario_files import parse_scenario_text, scenario_dir
from reisgenoot.training.simulator import Session

__all__ = [
    "MAX_CHARS",
    "Preview",
    "Version",
    "assign",
    "assigned_to",
    "check",
    "own_folder",
    "save",
    "source_text",
    "versions",
]

MAX_CHARS = 60_000
"""Longer texts are refused (a scenario file is a few kilobytes)."""
VERSIONS = ".versies"
_VERSION_FILE = re.compile(r"^(\d{4})\.yaml$")


class AuthoringError(ScenarioError):
    """A scenario text that cannot be saved or assigned (Dutch message via ``detail``)."""


@dataclass(frozen=True, slots=True)
class Run:
    kind: str
    outcome: str | None
    transcript: list[dict[str, str]]
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class Preview:
    scenario: Scenario
    runs: list[Run]
    missing_articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    saved_at: datetime
    path: Path


def own_folder(settings: Settings) -> Path:
    """Where scenarios written in the browser go (and are read from)."""
    return settings.scenario_dir or settings.home / "scenarios"


def check(text: str, name: str, reference: Reference | None = None) -> Preview:
    """Validate ``text`` as scenario ``name`` and play its example scripts (raises in Dutch)."""
    if len(text) > MAX_CHARS:
        raise AuthoringError("too long", file=name, detail="de tekst is te lang")
    scenario = parse_scenario_text(text, name=name)
    ref = reference if reference is not None else Reference.absent(scenario.kennisartikelen)
    runs: list[Run] = []
    scripts = scenario.oefenscripts
    for kind, lines in (("goed", scripts.goed), ("zwak", scripts.zwak)) if scripts else ():
        played = Session.replay(scenario, 1, lines, reference=ref)
        transcript = played.transcript()
        runs.append(Run(kind, played.outcome, transcript, judge(scenario, transcript, ref)))
    return Preview(scenario, runs, ref.missing)


def _history(folder: Path, name: str) -> Path:
    return folder / VERSIONS / name


def versions(folder: Path, name: str) -> list[Version]:
    """Earlier versions of an own scenario, newest first."""
    found: list[Version] = []
    history = _history(folder, name)
    for path in history.glob("*.yaml") if history.is_dir() else []:
        match = _VERSION_FILE.match(path.name)
        if match:
            saved = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            found.append(Version(int(match.group(1)), saved, path))
    return sorted(found, key=lambda item: item.number, reverse=True)


def source_text(folder: Path, name: str) -> str | None:
    """The text to start editing from: the own file, else the shipped one, else None."""
    for path in (folder / f"{name}.yaml", scenario_dir() / f"{name}.yaml"):
        if path.is_file() and not name.startswith("_"):
            return path.read_text(encoding="utf-8")
    return None


def save(
    db: DbSession, settings: Settings, text: str, name: str, *, actor: str
) -> tuple[Scenario, int]:
    """Validate and save ``text`` as the newest version of ``name``; returns its number."""
    scenario = check(text, name).scenario
    folder = own_folder(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.yaml"
        number = 1 + max((v.number for v in versions(folder, name)), default=0)
        if target.is_file():
            history = _history(folder, name)
            history.mkdir(parents=True, exist_ok=True)
            (history / f"{number:04d}.yaml").write_bytes(target.read_bytes())
            number += 1
        staging = folder / f".{name}.nieuw"
        staging.write_text(text, encoding="utf-8")
        staging.replace(target)
    except OSError as exc:
        raise AuthoringError(
            str(exc), file=name, detail="de map met eigen oefengesprekken is niet te schrijven"
        ) from exc
    record(
        db,
        settings.audit_secret(),
        actor=actor,
        action="training.scenario_opgeslagen",
        object_type="scenario",
        object_id=name,
        details={"versie": number},
    )
    return scenario, number


def assign(db: DbSession, opleider_id: int, trainee_id: int, name: str) -> ScenarioAssignment:
    """Give a trainee the opleider guides a scenario to practise."""
    if db.get(Assignment, (opleider_id, trainee_id)) is None:
        raise AuthoringError("not guided", file=name, detail="je begeleidt deze trainee niet")
    row = ScenarioAssignment(opleider_id=opleider_id, trainee_id=trainee_id, scenario=name)
    db.add(row)
    db.flush()
    return row


def assigned_to(db: DbSession, trainee_id: int) -> list[str]:
    """Scenario names assigned to a trainee and not practised since, oldest first."""
    rows = db.scalars(
        select(ScenarioAssignment)
        .where(ScenarioAssignment.trainee_id == trainee_id)
        .order_by(ScenarioAssignment.assigned_at)
    )
    result: list[str] = []
    for row in rows:
        practised = db.scalar(
            select(PracticeSession.id).where(
                PracticeSession.trainee_id == trainee_id,
                PracticeSession.scenario == row.scenario,
                PracticeSession.started_at >= row.assigned_at,
            )
        )
        if practised is None and row.scenario not in result:
            result.append(row.scenario)
    return result
