"""Practice scenarios: the YAML format that opleiders write, and its loader.

One scenario per file in ``training/scenarios/``; the file stem is the scenario name. Files
whose name starts with ``_`` are not scenarios: ``_standaard.yaml`` holds the shared resident
reactions that a scenario may override. The format is documented in Dutch for opleiders in
``docs/handleiding/scenario-schrijven.md``.

Errors are :class:`ScenarioError` with a Dutch message that names the file and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reisgenoot.errors import InputError

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
    "default_lines",
    "load_scenario",
    "load_scenarios",
    "parse_scenario",
    "scenario_dir",
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
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ARTICLE_ID = re.compile(r"^[^\s,]{1,200}$")
"""An article id of the kennisbank (the bare source id, e.g. ``vbs-paspoort``, ``red-…``)."""


_MESSAGES = {
    "scenario_fout": "Fout in scenario {file}: {detail}.",
    "scenario_onbekend": "Het scenario '{name}' bestaat niet. Kies uit: {names}.",
}


class ScenarioError(InputError):
    """A scenario file cannot be used; ``file`` and ``detail`` say where and why."""

    code = "scenario_fout"

    def dutch(self) -> str:
        template = _MESSAGES.get(self.code)
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


# --- loading ------------------------------------------------------------------------------


def scenario_dir() -> Path:
    """The folder with the scenarios shipped in the package."""
    return Path(str(resources.files("reisgenoot.training") / "scenarios"))


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(het hele bestand)"


_TYPE_TEXT = {
    "missing": "dit veld ontbreekt",
    "extra_forbidden": "dit veld bestaat niet in het formaat (tikfout?)",
    "int_parsing": "hier hoort een heel getal",
    "int_from_float": "hier hoort een heel getal",
    "float_parsing": "hier hoort een getal",
    "string_type": "hier hoort tekst",
    "list_type": "hier hoort een lijst (regels met '- ')",
    "dict_type": "hier horen velden (naam: waarde)",
    "bool_parsing": "hier hoort ja of nee (true of false)",
}


def _type_text(item: Mapping[str, Any]) -> str:
    kind = str(item["type"])
    context = item.get("ctx") or {}
    if kind in _TYPE_TEXT:
        return _TYPE_TEXT[kind]
    if kind == "literal_error":
        return f"kies uit {context.get('expected', '')}".replace("'", "")
    if kind in {"less_than_equal", "less_than"}:
        return f"de waarde mag niet hoger zijn dan {context.get('le', context.get('lt'))}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"de waarde mag niet lager zijn dan {context.get('ge', context.get('gt'))}"
    if kind == "too_short":
        return f"geef er minstens {context.get('min_length', 1)}"
    return str(item["msg"]).removeprefix("Value error, ")


def _explain(error: ValidationError) -> str:
    messages: list[str] = []
    for item in error.errors()[:3]:
        where = _location(tuple(item["loc"]))
        messages.append(f"veld '{where}': {_type_text(item)}")
    return "; ".join(messages)


def _read_yaml(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            str(exc), file=str(path), detail="het bestand is niet te lezen"
        ) from exc
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}" if mark is not None else "onbekende plek"
        raise ScenarioError(
            str(exc), file=str(path), detail=f"geen geldige YAML ({where})"
        ) from exc


def parse_scenario(data: Any, *, name: str, file: str = "") -> Scenario:
    """Validate parsed YAML as a scenario called ``name`` (the file stem)."""
    where = file or name
    if not isinstance(data, dict):
        raise ScenarioError("not a mapping", file=where, detail="het bestand moet velden bevatten")
    given = data.get("naam")
    if given is not None and given != name:
        raise ScenarioError(
            "name mismatch",
            file=where,
            detail=f"veld 'naam' is '{given}', maar het bestand heet '{name}'",
        )
    try:
        return Scenario.model_validate({**data, "naam": name})
    except ValidationError as exc:
        raise ScenarioError(str(exc), file=where, detail=_explain(exc)) from exc


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file; the file stem is its name."""
    return parse_scenario(_read_yaml(path), name=path.stem, file=str(path))


@cache
def _shipped() -> dict[str, Scenario]:
    folder = scenario_dir()
    return {
        path.stem: load_scenario(path)
        for path in sorted(folder.glob("*.yaml"))
        if not path.name.startswith("_")
    }


def load_scenarios(folder: Path | None = None) -> dict[str, Scenario]:
    """All scenarios in ``folder`` (default: the shipped ones), by name, sorted."""
    if folder is None:
        return dict(_shipped())
    return {
        path.stem: load_scenario(path)
        for path in sorted(folder.glob("*.yaml"))
        if not path.name.startswith("_")
    }


def get_scenario(name: str) -> Scenario:
    """A shipped scenario by name; a Dutch error lists the names when it does not exist."""
    found = _shipped().get(name)
    if found is None:
        raise ScenarioError(
            "unknown scenario",
            code="scenario_onbekend",
            name=name,
            names=", ".join(sorted(_shipped())),
        )
    return found


@cache
def default_lines() -> dict[str, Lines]:
    """The shared resident reactions (``scenarios/_standaard.yaml``)."""
    path = scenario_dir() / "_standaard.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ScenarioError("not a mapping", file=str(path), detail="verwacht soorten zinnen")
    result: dict[str, Lines] = {}
    for key, lines in data.items():
        if key not in LINE_KEYS:
            raise ScenarioError("bad key", file=str(path), detail=f"onbekende soort zin '{key}'")
        result[key] = {band: [str(line) for line in lines.get(band, [])] for band in BANDS}
    return result
