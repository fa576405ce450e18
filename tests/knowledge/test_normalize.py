"""Dutch normalisation: accents, lemmas, compounds and the resident-word list."""

from __future__ import annotations

import pytest

from reisgenoot.knowledge.normalize import Normaliser, fold, synonyms


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser(["parkeervergunning", "afvalcontainer"])


def test_fold_lowercases_and_strips_accents() -> None:
    assert fold("Café geïnd ÉÉN") == "cafe geind een"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("parkeervergunning", ("parkeer", "vergunning")),
        ("identiteitskaart", ("identiteit", "kaart")),
        ("afvalcontainer", ("afval", "container")),
        ("onroerendezaakbelasting", ("onroerende", "zaak", "belasting")),
    ],
)
def test_compounds_are_split(normaliser: Normaliser, word: str, parts: tuple[str, ...]) -> None:
    assert normaliser.split(word) == parts


@pytest.mark.parametrize("word", ["parkeren", "verhuizen", "gemeente", "aanvragen", "kort"])
def test_common_words_and_prefixed_verbs_stay_whole(normaliser: Normaliser, word: str) -> None:
    assert normaliser.split(word) == ()


def test_parkeervergunning_meets_vergunning_om_te_parkeren(normaliser: Normaliser) -> None:
    compound = normaliser.weighted_terms("Parkeervergunning aanvragen")
    phrase = normaliser.weighted_terms("een vergunning om te parkeren")
    assert {"parkeren", "vergunning"} <= compound.keys() & phrase.keys()


@pytest.mark.parametrize(
    ("resident", "official"),
    [
        ("mijn id-kaart is weg", "identiteitskaart"),
        ("ik heb mijn ID-bewijs nodig", "identiteitskaart"),
        ("nieuwe pas", "identiteitskaart"),
        ("wanneer wordt het vuilnis opgehaald", "afval"),
        ("ons bankstel moet weg", "grofvuil"),
        ("bewijs van goed gedrag", "verklaring"),
    ],
)
def test_resident_words_add_the_official_term(
    normaliser: Normaliser, resident: str, official: str
) -> None:
    found = normaliser.weighted_terms(resident)
    assert official in found
    assert found[official] < 2  # an expansion, weighted lower than a word of the text


def test_lemmas_and_stopwords(normaliser: Normaliser) -> None:
    terms = normaliser.terms("Ik heb de paspoorten aangevraagd")
    assert "paspoort" in terms and "aanvragen" in terms
    assert "ik" not in terms and "de" not in terms


def test_synonym_list_is_folded_and_non_empty() -> None:
    mapping = synonyms()
    assert mapping["id kaart"] == "identiteitskaart"
    assert all(key == fold(key) for key in mapping)
