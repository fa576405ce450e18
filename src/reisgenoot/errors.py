"""Exceptions raised by Reisgenoot.

Every capability raises its own subclass of :class:`ReisgenootError`. The message is an
English developer message; the Dutch text for users is looked up by ``code`` in the
catalogue (:data:`MESSAGES`) by the CLI and the web layer, so user-facing text stays out
of exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ReisgenootError(Exception):
    """Base class. ``code`` selects the Dutch message; ``params`` fill it in."""

    code = "onbekende_fout"

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any) -> None:
        super().__init__(message or self.code)
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params

    def dutch(self) -> str:
        """The message for a user, in Dutch (B1)."""
        return dutch_message(self.code, self.params)


class InputError(ReisgenootError):
    """Input that cannot be used: unreadable file, invalid UTF-8, bad flag (exit code 2)."""

    code = "ongeldige_invoer"


class StoreError(ReisgenootError):
    """Problems with the database or migrations."""

    code = "database_fout"


class AuditError(ReisgenootError):
    """The audit trail cannot be written or verified."""

    code = "audit_fout"


class AccountError(ReisgenootError):
    """Accounts, roles and logging in."""

    code = "account_fout"


class KnowledgeError(ReisgenootError):
    """Kennisbank import, search and answers."""

    code = "kennisbank_fout"


class ImportFormatError(KnowledgeError, InputError):
    """An import file is broken; ``file``, ``record`` and ``line`` say where."""

    code = "import_fout"


class LanguageError(ReisgenootError):
    """The language core got text it cannot process."""

    code = "taal_fout"


class ContactsError(ReisgenootError):
    """Klantcontacten and their parts."""

    code = "klantcontact_fout"


class LearningError(ReisgenootError):
    """Learning from confirmed work: examples, training, model versions."""

    code = "leren_fout"


class PrivacyError(ReisgenootError):
    """Retention, inzage and erasure of a resident's data (the AVG in practice)."""

    code = "privacy_fout"


class PrivacyInputError(PrivacyError, InputError):
    """An identifier or retention period that cannot be used (exit code 2)."""

    code = "kenmerk_ongeldig"


class LearningImportError(LearningError, InputError):
    """A file of confirmed examples is broken; ``line`` says where (exit code 2)."""

    code = "leren_import_fout"


class MunicipalityError(InputError):
    """The municipalities file cannot be used, or no (known) municipality was chosen."""

    code = "gemeenten_bestand"


class JobError(ReisgenootError):
    """Background work (the job queue, a task that could not finish; it is tried again)."""

    code = "taak_fout"


MESSAGES: Mapping[str, str] = {
    "onbekende_fout": "Er ging iets mis. Probeer het opnieuw of neem contact op met de beheerder.",
    "ongeldige_invoer": "De invoer is niet bruikbaar: {detail}",
    "bestand_onleesbaar": "Het bestand {file} kan niet worden gelezen: {detail}",
    "geen_utf8": "Het bestand {file} is geen geldige UTF-8-tekst (fout bij byte {offset}).",
    "geen_json": "Regel {line} van {file} is geen geldige JSON: {detail}",
    "database_fout": "De database gaf een fout: {detail}",
    "audit_fout": "Het auditlogboek kon niet worden bijgewerkt: {detail}",
    "account_fout": "Er ging iets mis met het account: {detail}",
    "gebruiker_bestaat": "Er bestaat al een gebruiker met de naam {username}.",
    "onbekende_rol": "De rol {role} bestaat niet. Kies uit: {roles}.",
    "onbekend_team": "Het team {team} bestaat niet.",
    "wachtwoord_te_kort": "Het wachtwoord moet minstens {minimum} tekens lang zijn.",
    "gebruiker_onbekend": "Deze gebruiker bestaat niet.",
    "contactverzoek_onbekend": "Dit contactverzoek bestaat niet (meer).",
    "contactverzoek_al_afgehandeld": "Dit contactverzoek is al afgehandeld.",
    "notitie_nodig": "Schrijf kort op wat je hebt gedaan, bijvoorbeeld: teruggebeld, vraag beantwoord.",
    "niets_ongedaan_te_maken": "Er is nog geen stap om ongedaan te maken.",
    "naam_ongeldig": "Vul een naam in van hoogstens {maximum} tekens.",
    "geen_rol": "Kies minstens één rol.",
    "team_te_lang": "De naam van het team mag hoogstens {maximum} tekens hebben.",
    "laatste_beheerder": (
        "Dit is de laatste beheerder. Maak eerst iemand anders beheerder; anders kan niemand "
        "Reisgenoot nog beheren."
    ),
    "zelf_uitzetten": "Je kunt je eigen account niet uitzetten. Vraag een andere beheerder.",
    "inloggen_nodig": "Log eerst in om deze pagina te zien.",
    "geen_toegang": "U heeft geen toegang tot deze pagina.",
    "csrf_fout": "Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens.",
    "sso_fout": "Inloggen via je organisatie lukte niet. Probeer het opnieuw.",
    "sso_niet_ingesteld": "Inloggen via je organisatie is hier niet ingesteld. Log in met je gebruikersnaam en wachtwoord.",
    "sso_onbereikbaar": (
        "Het inlogsysteem van je organisatie is nu niet bereikbaar. Probeer het over een paar "
        "minuten opnieuw. Lukt het dan nog niet? Meld het bij de beheerder."
    ),
    "sso_verkeerde_issuer": (
        "Het inlogsysteem van je organisatie noemt zich anders ({found}) dan Reisgenoot verwacht. "
        "Meld dit bij de beheerder."
    ),
    "sso_ongeldig": (
        "Het bewijs van inloggen dat Reisgenoot terugkreeg klopt niet of is verlopen. "
        "Log opnieuw in."
    ),
    "sso_verlopen": (
        "Deze inlogpoging is verlopen of hoort bij een ander venster. Begin opnieuw met inloggen."
    ),
    "sso_afgebroken": "Het inloggen is afgebroken bij je organisatie. Je bent niet ingelogd.",
    "sso_geen_rol": (
        "Je bent ingelogd bij je organisatie, maar je hebt nog geen rol in Reisgenoot. "
        "Daarom kun je Reisgenoot niet gebruiken. Vraag je leidinggevende of de beheerder om "
        "je een rol te geven, bijvoorbeeld medewerker of teamleider. Log daarna opnieuw in."
    ),
    "sso_account_wachtwoord": (
        "Dit account logt in via de organisatie. Het krijgt geen wachtwoord van Reisgenoot; "
        "het wachtwoord regelt de organisatie zelf."
    ),
    "sso_uitgezet": "Je account in Reisgenoot is uitgezet. Vraag de beheerder wat er aan de hand is.",
    "te_veel_pogingen": "Te veel mislukte pogingen. Wacht een paar minuten en probeer het opnieuw.",
    "kennisbank_fout": "Er ging iets mis met de kennisbank: {detail}",
    "import_fout": "Fout in {file}, record {record} (regel {line}): {detail}. Er is niets geïmporteerd.",
    "import_leeg": "In {file} staan geen artikelen die geïmporteerd kunnen worden.",
    "import_onbekend_formaat": "Het bestand {file} heeft een onbekend formaat. Gebruik Markdown (.md) of CSV.",
    "taal_fout": "De tekst kon niet worden verwerkt: {detail}",
    "model_fout": "Het taalmodel gaf geen bruikbaar antwoord ({detail}). Reisgenoot werkt zonder verder.",
    "klantcontact_fout": "Er ging iets mis met het klantcontact: {detail}",
    "leren_fout": "Er ging iets mis bij het leren van bevestigd werk: {detail}",
    "geen_actieve_versie": "Voor {learner} is het meegeleverde model al in gebruik. Er is niets om terug te draaien.",
    "backup_fout": "De back-up of het terugzetten lukte niet: {detail}.",
    "backup_onbruikbaar": "Deze back-up is niet te gebruiken: {detail}.",
    "onbekend_model": "Het model {learner} bestaat niet. Kies uit: {learners}.",
    "leren_import_fout": "Fout in regel {line}: {detail}. Er is niets geïmporteerd.",
    "leren_import_leeg": "Het bestand bevat geen gesprekken om te importeren. Er is niets geïmporteerd.",
    "privacy_fout": "Er ging iets mis met de bewaartermijnen of de gegevens van de inwoner: {detail}",
    "kenmerk_ongeldig": "{label} is niet geldig: {detail}.",
    "geen_kenmerk": "Geef minstens één gegeven waarmee de inwoner te vinden is: BSN, e-mailadres, telefoonnummer, KVK-nummer of rekeningnummer.",
    "bewaartermijn_ongeldig": "Vul voor {label} een bewaartermijn in van {minimum} tot en met {maximum} dagen.",
    "onbekende_soort": "De soort gegevens {kind} bestaat niet. Kies uit: {kinds}.",
    "wissen_niet_bevestigd": "Er is niets gewist. Voeg --force toe om zonder vraag te wissen.",
    "spraak_fout": "De spraakherkenning werkt nu niet: {detail}.",
    "audio_onleesbaar": "Het geluid in {file} kan niet worden gelezen: {detail}.",
    "geen_spraak": "Er is geen spraakherkenning ingesteld. Zet REISGENOOT_SPEECH_MODEL_DIR of REISGENOOT_SPEECH_URL.",
    "geen_spraak_gevonden": "In {file} is geen spraak gevonden.",
    "gemeenten_bestand": "Het bestand met gemeenten {file} klopt niet: {detail}.",
    "gemeente_onbekend": "De gemeente '{key}' staat niet in {file}. Kies uit: {keys}.",
    "gemeente_nodig": (
        "Deze installatie werkt voor meer gemeenten. Kies er een met --gemeente SLEUTEL of "
        "REISGENOOT_GEMEENTE. Kies uit: {keys}."
    ),
    "geen_gemeentenbestand": (
        "Er is gevraagd om gemeente '{key}', maar REISGENOOT_MUNICIPALITIES_FILE is niet "
        "ingesteld. Deze installatie werkt voor één gemeente: laat --gemeente weg."
    ),
    "taak_fout": "Een achtergrondtaak is niet helemaal gelukt: {detail}. Reisgenoot probeert het later opnieuw.",
    "geen_wachtrij": (
        "De wachtrij voor achtergrondtaken werkt alleen met PostgreSQL. Met SQLite doet de app "
        "dit werk zelf: `reisgenoot worker` is dan niet nodig."
    ),
}


def dutch_message(code: str, params: Mapping[str, Any]) -> str:
    """Fill in the Dutch message for ``code``; unknown codes fall back to the general one."""
    template = MESSAGES.get(code, MESSAGES["onbekende_fout"])
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
