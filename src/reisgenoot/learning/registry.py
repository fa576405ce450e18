"""The model registry: versions on disk, the active version in the database, and which version
this process uses.

Files of version *n* of a learner live in ``REISGENOOT_HOME/models/<learner>/<nnnn>/``; the
``learning_versions`` table records each version and marks the active one. A capability asks
:data:`ACTIVE` for the folder (or one file) of its learner's active version and falls back to
its packaged model when there is none. Composition (``create_app``, the CLI) calls
:func:`refresh` once; training and rollback call it again, so the next proposal in this process
uses the new version. :meth:`ActiveModels.using` lets one thread try a candidate version (for
its blind-dev figures) without any other thread seeing it.

Several municipalities in one process (ADR 29) each have their own home and so their own
versions: :func:`refresh` keeps the folders per home (:func:`scope_of`), and within
:func:`scoped` (the web app wraps every request in it) only that home's versions are used.
Outside any scope (a command, a script) the versions of the home refreshed last are used, as
with one municipality.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.errors import LearningError
from reisgenoot.learning.models import ACTIVE as ACTIVE_STATUS
from reisgenoot.learning.models import REPLACED, ROLLED_BACK, ModelVersion

_OVERRIDES: ContextVar[dict[str, Path | None] | None] = ContextVar(
    "learning_overrides", default=None
)
_SCOPE: ContextVar[str | None] = ContextVar("learning_scope", default=None)


def scope_of(home: Path) -> str:
    """The key of a home's versions (one per municipality)."""
    return str(home.resolve())


def current_scope() -> str | None:
    """The scope of this thread or task (None: unscoped, the home refreshed last)."""
    return _SCOPE.get()


@contextmanager
def scoped(scope: str) -> Iterator[None]:
    """Within this block (this thread or task, and what copies its context) only the versions
    of ``scope`` (:func:`scope_of` a home) are used."""
    token = _SCOPE.set(scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


class ActiveModels:
    """Which version folder of each learner this process uses (None: the packaged model)."""

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}  # of the home refreshed last (unscoped callers)
        self._scoped: dict[str, dict[str, Path]] = {}
        self._lock = threading.Lock()

    def folder(self, learner: str) -> Path | None:
        overrides = _OVERRIDES.get()
        if overrides is not None and learner in overrides:
            return overrides[learner]
        scope = current_scope()
        with self._lock:
            folders = self._folders if scope is None else self._scoped.get(scope, {})
            return folders.get(learner)

    def artifact(self, learner: str, name: str) -> Path | None:
        """The file ``name`` of the active version of ``learner``, or None (use the packaged one)."""
        folder = self.folder(learner)
        if folder is None:
            return None
        path = folder / name
        return path if path.is_file() else None

    def replace(self, folders: dict[str, Path], scope: str | None = None) -> None:
        with self._lock:
            self._folders = dict(folders)
            if scope is not None:
                self._scoped[scope] = dict(folders)

    @contextmanager
    def using(self, learner: str, folder: Path | None) -> Iterator[None]:
        """Within this block (and this thread or task only) ``learner`` uses ``folder``."""
        current = dict(_OVERRIDES.get() or {})
        current[learner] = folder
        token = _OVERRIDES.set(current)
        try:
            yield
        finally:
            _OVERRIDES.reset(token)


ACTIVE = ActiveModels()


def models_root(home: Path) -> Path:
    return home / "models"


def version_folder(home: Path, learner: str, number: int) -> Path:
    return models_root(home) / learner / f"{number:04d}"


def next_number(session: Session, learner: str) -> int:
    top = session.scalar(
        select(func.max(ModelVersion.number)).where(ModelVersion.learner == learner)
    )
    return int(top or 0) + 1


def active_version(session: Session, learner: str) -> ModelVersion | None:
    return session.scalar(
        select(ModelVersion).where(ModelVersion.learner == learner, ModelVersion.active.is_(True))
    )


def versions(session: Session, learner: str | None = None) -> list[ModelVersion]:
    query = select(ModelVersion).order_by(ModelVersion.learner, ModelVersion.number)
    if learner is not None:
        query = query.where(ModelVersion.learner == learner)
    return list(session.scalars(query))


def refresh(session: Session, home: Path, active: ActiveModels = ACTIVE) -> dict[str, Path]:
    """Point ``active`` at the active version of every learner (whose files exist)."""
    folders: dict[str, Path] = {}
    for row in session.scalars(select(ModelVersion).where(ModelVersion.active.is_(True))):
        folder = version_folder(home, row.learner, row.number)
        if folder.is_dir():
            folders[row.learner] = folder
    active.replace(folders, scope_of(home))
    return folders


def activate(session: Session, version: ModelVersion) -> None:
    """Make ``version`` the active one of its learner; the one before becomes ``vervangen``."""
    current = active_version(session, version.learner)
    if current is not None and current.id != version.id:
        current.active = False
        current.status = REPLACED
    version.active = True
    version.status = ACTIVE_STATUS
    session.flush()


def rollback(session: Session, learner: str) -> ModelVersion | None:
    """Return ``learner`` to the version before the active one (None: the packaged model).

    Raises :class:`LearningError` (``geen_actieve_versie``) when the packaged model is in use
    already."""
    current = active_version(session, learner)
    if current is None:
        raise LearningError("nothing to roll back", code="geen_actieve_versie", learner=learner)
    current.active = False
    current.status = ROLLED_BACK
    previous = session.scalar(
        select(ModelVersion)
        .where(
            ModelVersion.learner == learner,
            ModelVersion.number < current.number,
            ModelVersion.status == REPLACED,
        )
        .order_by(ModelVersion.number.desc())
        .limit(1)
    )
    if previous is not None:
        previous.active = True
        previous.status = ACTIVE_STATUS
    session.flush()
    return previous


def discard(home: Path, learner: str, number: int) -> None:
    """Remove the files of a version that was not activated."""
    shutil.rmtree(version_folder(home, learner, number), ignore_errors=True)
