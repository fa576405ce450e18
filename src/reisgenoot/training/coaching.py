"""Which opleider guides which trainee: linking and unlinking, audited (contracts §10).

Only an opleider linked to a trainee may read that trainee's practice results
(:func:`reisgenoot.training.service.can_view`). An opleider links and unlinks their own
trainees; a beheerder manages every link but never sees results. Every change is written to
the audit trail (``training_trainee_gekoppeld`` / ``training_trainee_losgekoppeld``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, User, UserRole
from reisgenoot.errors import InputError
from reisgenoot.store import audit
from reisgenoot.training.models import Assignment

__all__ = [
    "AssignmentError",
    "Link",
    "find_user",
    "link",
    "links",
    "people_with_role",
    "unlink",
]

_REASONS = {
    "onbekend": "Er is geen actief account met de naam '{name}'.",
    "geen_opleider": "{name} heeft niet de rol opleider.",
    "geen_trainee": "{name} heeft niet de rol trainee.",
    "zelf": "Je kunt jezelf niet als trainee koppelen.",
    "niet_gekoppeld": "{name} is niet aan deze opleider gekoppeld.",
}


class AssignmentError(InputError):
    """A link that cannot be made or removed (unknown account, wrong role, …)."""

    code = "koppeling_ongeldig"

    def __init__(self, message: str, *, reason: str, name: str = "") -> None:
        super().__init__(message, reason=reason, name=name)
        self.reason = reason
        self.name = name

    def dutch(self) -> str:
        return _REASONS[self.reason].format(name=self.name)


@dataclass(frozen=True, slots=True)
class Link:
    """One opleider–trainee link, with the names to show."""

    opleider_id: int
    opleider: str
    trainee_id: int
    trainee: str


def find_user(session: Session, user_id_or_name: int | str) -> User | None:
    """An active account by id or username."""
    if isinstance(user_id_or_name, int):
        user = session.get(User, user_id_or_name)
    else:
        user = session.scalar(select(User).where(User.username == user_id_or_name.strip()))
    return user if user is not None and user.active else None


def _checked(session: Session, key: int | str, role: Role, reason: str) -> User:
    user = find_user(session, key)
    if user is None:
        raise AssignmentError("unknown user", reason="onbekend", name=str(key))
    if role not in user.roles:
        raise AssignmentError("wrong role", reason=reason, name=user.display_name)
    return user


def link(
    session: Session, opleider: int | str, trainee: int | str, *, audit_key: bytes, actor: str
) -> tuple[User, User, bool]:
    """Link ``trainee`` to ``opleider``; returns both and whether the link is new."""
    guide = _checked(session, opleider, Role.OPLEIDER, "geen_opleider")
    learner = _checked(session, trainee, Role.TRAINEE, "geen_trainee")
    if guide.id == learner.id:
        raise AssignmentError("self link", reason="zelf")
    if session.get(Assignment, (guide.id, learner.id)) is not None:
        return guide, learner, False
    session.add(Assignment(opleider_id=guide.id, trainee_id=learner.id))
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="training_trainee_gekoppeld",
        object_type="training_assignment",
        object_id=f"{guide.id}:{learner.id}",
        details={"opleider": guide.username, "trainee": learner.username},
    )
    return guide, learner, True


def unlink(
    session: Session, opleider_id: int, trainee_id: int, *, audit_key: bytes, actor: str
) -> None:
    """Remove the link; the trainee's results stay, but the opleider no longer sees them."""
    row = session.get(Assignment, (opleider_id, trainee_id))
    if row is None:
        trainee = session.get(User, trainee_id)
        name = trainee.display_name if trainee else str(trainee_id)
        raise AssignmentError("not linked", reason="niet_gekoppeld", name=name)
    session.delete(row)
    session.flush()
    guide, learner = session.get(User, opleider_id), session.get(User, trainee_id)
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="training_trainee_losgekoppeld",
        object_type="training_assignment",
        object_id=f"{opleider_id}:{trainee_id}",
        details={
            "opleider": guide.username if guide else str(opleider_id),
            "trainee": learner.username if learner else str(trainee_id),
        },
    )


def links(session: Session, opleider_id: int | None = None) -> list[Link]:
    """All links (or one opleider's), by opleider then trainee name."""
    query = select(Assignment)
    if opleider_id is not None:
        query = query.where(Assignment.opleider_id == opleider_id)
    found: list[Link] = []
    for row in session.scalars(query):
        guide, learner = session.get(User, row.opleider_id), session.get(User, row.trainee_id)
        if guide is not None and learner is not None:
            found.append(Link(guide.id, guide.display_name, learner.id, learner.display_name))
    return sorted(found, key=lambda item: (item.opleider.lower(), item.trainee.lower()))


def people_with_role(session: Session, role: Role) -> list[User]:
    """Active accounts with ``role``, by name."""
    query = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role.value, User.active.is_(True))
        .order_by(User.display_name)
    )
    return list(session.scalars(query))
