"""What the training pages share: role dependencies, page texts and small helpers.

The pages themselves are in :mod:`.practice_routes` (practice conversations and feedback),
:mod:`.coaching_routes` (linking trainees to opleiders) and :mod:`.routes` (progress and
check-the-AI; it also composes the one ``/training`` router).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from reisgenoot.accounts.models import Role
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training.catalogue import Catalogue, catalogue_for
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

__all__ = [
    "FORMATIVE",
    "LEVELS",
    "PRIVACY",
    "Coach",
    "DatabaseDep",
    "Opleider",
    "PagesDep",
    "ScenariosDep",
    "SettingsDep",
    "Trainee",
    "Viewer",
    "not_found",
]

FORMATIVE = "Deze scores zijn om van te leren. Ze worden nooit gebruikt om je te beoordelen."
PRIVACY = (
    "Alleen jij en je opleider zien je oefenresultaten. Ze gaan over wat je zei, "
    "niet over wie je bent of wat je voelde. Je wordt nooit vergeleken met collega's."
)
LEVELS = {1: "basis", 2: "gevorderd", 3: "expert"}

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
Trainee = Annotated[CurrentUser, Depends(require_roles(Role.TRAINEE))]
Opleider = Annotated[CurrentUser, Depends(require_roles(Role.OPLEIDER))]
Viewer = Annotated[CurrentUser, Depends(require_roles(Role.TRAINEE, Role.OPLEIDER))]
Coach = Annotated[CurrentUser, Depends(require_roles(Role.OPLEIDER, Role.BEHEERDER))]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def installation_scenarios(settings: SettingsDep) -> Catalogue:
    """The shipped scenarios plus the municipality's own folder, read leniently: a broken
    own file is left out and shown to the opleider on ``/training/scenarios``."""
    return catalogue_for(settings, strict=False)


ScenariosDep = Annotated[Catalogue, Depends(installation_scenarios)]


def not_found() -> HTTPException:
    """404: what a user may not see does not exist for them."""
    return HTTPException(status_code=404)
