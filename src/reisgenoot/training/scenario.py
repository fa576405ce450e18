"""Practice scenarios: the YAML format that opleiders write (pydantic models) and its errors.

One scenario per file; the file stem is the scenario name. The format is documented in Dutch
for opleiders in ``docs/handleiding/scenario-schrijven.md``. Reading files (with Dutch errors
naming file, line and field) is :mod:`.scenario_files`; which scenarios an installation has
(the shipped ones and the municipality's own folder, ``REISGENOOT_SCENARIO_DIR``) is
:mod:`.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reisgenoot.errors import InputError
from reisgenoot.training.negation import claimed

__all__ = [
    "BANDS",
    "LINE_KEYS",
    "Checklist",
    "ExplainItem",
    "Fact",
    "Persona",
    "Scenario",
    "ScenarioError",
    "WrongStatement",
]

Band = Literal["rustig", "onrustig", "overstuur"]
BANDS: tuple[Band, ...] = ("rustig", "onrustig", "overstuur")
# Resident reactions, chosen by what the trainee did (see simulator.py).
LINE_KEYS = (
    "opening",
    "erkend",
    "leeg_erkend",
    "afgewezen",
    "jargon",
    "standaardtekst",
    "je_vorm",
    "herhaling",
    "ontwijkend",
    "kort",
    "informatie",
    "samengevat",
    "geen_voortgang",
    "klaar",
    "controle_ja",
    "controle_nee",
    "afsluiting_tevreden",
    "afsluiting_ontevreden",
    "opgeven",
    "begroet",
    "verward",
    "weet_niet",
    "instemmen",
    "controle_deels",
    "nog_iets",
    "afsluiting_open",
    "afsluiting_feit",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ARTICLE_ID = re.compile(r"^[^\s,]{1,200}$")
"""An article id of the kennisbank (the bare source id, e.g. ``vbs-paspoort``, ``red-…``)."""


_MESSAGES = {
    "scenario_fout": "Fout in scenario {file}: {detail}.",
    "scenario_fout_regel": "Fout in scenario {file}, regel {line}: {detail}.",
    "scenario_onbekend": "Het scenario '{name}' bestaat niet. Kies uit: {names}.",
    "scenario_map": "De map met eigen scenario's (REISGENOOT_SCENARIO_DIR) {detail}: {folder}.",
}


class ScenarioError(InputError):
    """A scenario file cannot be used; ``file``, ``line`` (when known) and ``detail`` say
    where and why (exit code 2)."""

    code = "scenario_fout"

    def dutch(self) -> str:
        code = self.code
        if code == "scenario_fout" and self.params.get("line"):
            code = "scenario_fout_regel"
        template = _MESSAGES.get(code)
        if template is None:
            return super().dutch()
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):
            return template


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Lines = dict[Band, list[str]]


def _check_lines(value: Mapping[Band, list[str]]) -> Mapping[Band, list[str]]:
    if not any(value.values()):
        raise ValueError("geef minstens één zin (bij rustig, onrustig of overstuur)")
    for band, lines in value.items():
        for line in lines:
            if not str(line).strip():
                raise ValueError(f"een zin bij '{band}' is leeg")
    return value


class Persona(_Model):
    """The resident: who they are and how they start."""

    naam: str
    leeftijd: int = Field(ge=12, le=110)
    achtergrond: str
    spreekstijl: str
    emotie: float = Field(ge=0, le=10, description="0 = kalm, 10 = zeer boos of overstuur")
    rapport: float = Field(ge=0, le=10, description="vertrouwen in de medewerker")
    geduld: int = Field(ge=1, le=30, description="beurten zonder voortgang voor de inwoner afhaakt")
    gevoeligheid: float = Field(default=1.0, ge=0.25, le=3.0)
    kalmeert: float = Field(default=1.0, ge=0.1, le=3.0)
    aanspreken: str = Field(
        description="hoe de medewerker de inwoner aanspreekt, bv. 'mevrouw Jansen'"
    )


class Fact(_Model):
    """Something the resident tells only when asked about it."""

    id: str
    omschrijving: str
    vraagwoorden: list[str] = Field(min_length=1)
    rapport_nodig: float = Field(default=0, ge=0, le=10)
    open_vraag: bool = False
    bij_open_vraag: bool = False
    zinnen: Lines

    @field_validator("zinnen")
    @classmethod
    def _lines(cls, value: Lines) -> Lines:
        _check_lines(value)
        return value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("gebruik kleine letters, cijfers, - en _")
        return value


class ExplainItem(_Model):
    """Something the trainee must explain; met when every group has one of its words."""

    id: str
    omschrijving: str
    kenmerken: list[list[str]] = Field(min_length=1)
    vraag: Lines | None = None
    na: list[str] = Field(default_factory=list)
    antwoord: Lines | None = None

    @field_validator("kenmerken")
    @classmethod
    def _groups(cls, value: list[list[str]]) -> list[list[str]]:
        for group in value:
            if not group or not all(str(word).strip() for word in group):
                raise ValueError("elke groep kenmerken heeft minstens één woord")
        return value


class Checklist(_Model):
    uitvragen: list[str] = Field(default_factory=list)
    uitleggen: list[ExplainItem] = Field(min_length=1)


class WrongStatement(_Model):
    """A known wrong answer for this case (a trap), with why it is wrong."""

    patroon: str
    uitleg: str

    @field_validator("patroon")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"geen geldig zoekpatroon: {exc}") from exc
        return value

    def said_in(self, text: str) -> re.Match[str] | None:
        """Where the trainee says this wrong answer in ``text``: a match that is not negated
        or corrected in its clause ("die horen niet bij ons" is right where "bij ons" is
        wrong; see :mod:`reisgenoot.training.negation`)."""
        return claimed(self.patroon, text)


class Examples(_Model):
    """Better examples for feedback, written for this case."""

    erkennen: str
    doorvragen: str
    samenvatten: str
    uitleg: str
    afsluiten: str


class Scripts(_Model):
    goed: list[str] = Field(min_length=2)
    zwak: list[str] = Field(min_length=2)


class Scenario(_Model):
    """A practice conversation: persona, situation, hidden facts, checklist and lines."""

    naam: str
    titel: str
    niveau: int = Field(ge=1, le=3)
    onderwerp: str
    situatie: str
    opdracht: str
    persona: Persona
    kennisartikelen: list[str] = Field(min_length=1)
    feiten: list[Fact] = Field(default_factory=list)
    checklist: Checklist
    zinnen: dict[str, Lines] = Field(default_factory=dict)
    jargon: list[str] = Field(default_factory=list)
    toegestaan: list[str] = Field(default_factory=list)
    onjuist: list[WrongStatement] = Field(default_factory=list)
    voorbeelden: Examples
    oefenscripts: Scripts | None = None
    tips: list[str] = Field(default_factory=list)

    @field_validator("kennisartikelen")
    @classmethod
    def _articles(cls, value: list[str]) -> list[str]:
        for item in value:
            if not _ARTICLE_ID.match(item):
                raise ValueError(f"'{item}' is geen artikel-id (een id heeft geen spaties)")
        return value

    @field_validator("zinnen")
    @classmethod
    def _line_keys(cls, value: dict[str, Lines]) -> dict[str, Lines]:
        for key, lines in value.items():
            if key not in LINE_KEYS:
                raise ValueError(f"onbekende soort zin '{key}' (kies uit {', '.join(LINE_KEYS)})")
            _check_lines(lines)
        return value

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        fact_ids = [fact.id for fact in self.feiten]
        if len(set(fact_ids)) != len(fact_ids):
            raise ValueError("feiten: elk feit heeft een eigen id")
        for item in self.checklist.uitvragen:
            if item not in fact_ids:
                raise ValueError(f"checklist.uitvragen: het feit '{item}' staat niet bij feiten")
        for explain in self.checklist.uitleggen:
            for needed in explain.na:
                if needed not in fact_ids:
                    raise ValueError(
                        f"checklist.uitleggen.{explain.id}.na: het feit '{needed}' bestaat niet"
                    )
        if "opening" not in self.zinnen:
            raise ValueError("zinnen.opening ontbreekt: hoe begint de inwoner het gesprek?")
        return self

    @property
    def level_name(self) -> str:
        return {1: "basis", 2: "gevorderd", 3: "expert"}[self.niveau]

    def fact(self, fact_id: str) -> Fact:
        for fact in self.feiten:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)
