"""The Dutch messages of the teamdialoog pages: errors by code and the privacy promise."""

from __future__ import annotations

from reisgenoot.impact.questions import ImpactError
from reisgenoot.impact.report import K

MESSAGES = {
    "al_ingevuld": "Je hebt al meegedaan aan deze ronde. Je kunt maar één keer invullen.",
    "ronde_gesloten": "Deze ronde is gesloten. Je kunt niet meer invullen.",
    "ronde_onbekend": "Deze ronde bestaat niet.",
    "geen_lid": "Deze ronde is voor een ander team.",
    "niets_ingevuld": "Je hebt nog niets ingevuld. Kies bij minstens één stelling een antwoord.",
    "antwoord_ongeldig": "Een antwoord klopt niet. Kies een van de vijf antwoorden.",
    "antwoord_te_lang": "Een open antwoord is te lang. Gebruik hoogstens 2000 tekens.",
    "ronde_al_open": "Er loopt al een ronde voor dit team. Sluit die eerst.",
    "ronde_nog_open": "Sluit eerst de ronde. Daarna kun je acties afspreken.",
    "team_onbekend": "Dit team bestaat niet.",
    "actie_leeg": "Beschrijf eerst de actie.",
    "actie_te_lang": "De actie is te lang. Gebruik hoogstens 300 tekens.",
    "toelichting_te_lang": "De toelichting is te lang. Gebruik hoogstens 500 tekens.",
    "eigenaar_onbekend": "Kies wie de actie oppakt.",
    "dimensie_onbekend": "Kies een dimensie uit de lijst.",
    "status_onbekend": "Kies een status uit de lijst.",
    "datum_ongeldig": "Vul een geldige datum in.",
    "vragenlijst_ongeldig": "De vragenlijst is niet opgeslagen: {detail}.",
    "envelop_onleesbaar": (
        "{count} antwoordlijst(en) van deze ronde zijn niet te lezen. Misschien is de sleutel "
        "van de installatie veranderd. Vraag de beheerder om de oude sleutel terug te zetten. "
        "Lukt dat niet? Sluit de ronde dan zonder die antwoorden, op de pagina Teamdialoog."
    ),
}
PRIVACY = (
    f"Je antwoorden zijn anoniem. We bewaren niet wie wat heeft ingevuld, en ook niet wanneer. "
    "Tot de ronde klaar is, bewaren we je antwoorden versleuteld. "
    f"Je team ziet alleen de uitkomst van het hele team, en alleen als minstens {K} mensen "
    "meededen. Open antwoorden worden ontdaan van namen en andere persoonsgegevens."
)


def message(error: ImpactError) -> str:
    template = MESSAGES.get(error.code, "Er ging iets mis. Probeer het opnieuw.")
    try:
        return template.format(**error.params)
    except (KeyError, IndexError):
        return template
