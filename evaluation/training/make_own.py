"""Write the own practice-transcript set (``evaluation/training/items``) for ``bench training``.

Run from the project root: ``python evaluation/training/make_own.py``. Three kinds of items,
all written by the project (not blind):

- the scenarios' good example scripts (``oefenscripts.goed``) played against the simulated
  resident, judged at the top of every criterion;
- their weak example scripts (``oefenscripts.zwak``), judged by hand per scenario below (by
  the rubric in ``evaluation/blind/training/RUBRIC.md``);
- hand-written transcripts of the cases the issue named (``HAND``), judged by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session

OUT = Path(__file__).resolve().parent / "items"
TOP = {"feiten": "goed", "empathie": 2, "vragen": 2, "samenvatten": 1, "afsluiten": 2}
WEAK = {  # feiten, empathie, vragen, samenvatten, afsluiten
    "afvalcontainer-gestolen": ("fout", 0, 0, 0, 1),
    "grofvuil-ophalen": ("fout", 0, 0, 0, 1),
    "kwijtschelding-aanvragen": ("deels", 0, 0, 0, 0),
    "ondernemer-terras": ("fout", 0, 0, 0, 1),
    "overlijden-vader": ("fout", 0, 0, 0, 1),
    "parkeervergunning-aanvragen": ("fout", 0, 0, 0, 1),
    "paspoort-kwijt-spoed": ("deels", 0, 0, 0, 0),
    "paspoort-vakantie": ("fout", 0, 0, 0, 1),
    "scheiding-verhuizing-toeslagen": ("deels", 1, 0, 0, 0),
    "schuldhulp-afsluiting": ("fout", 0, 0, 0, 0),
    "struikelen-stoeptegel": ("deels", 0, 0, 0, 0),
    "verhuizing-doorgeven": ("fout", 0, 0, 0, 1),
    "verontwaardigde-bewoner": ("deels", 0, 0, 0, 0),
    "wmo-hulp-moeder": ("deels", 0, 0, 0, 0),
    "woz-te-hoog": ("deels", 0, 0, 0, 0),
    "klacht-collega": ("deels", 0, 0, 0, 0),
    "container-niet-geleegd-ongelijk": ("fout", 0, 0, 0, 1),
    "geboorte-taalbarriere": ("fout", 0, 0, 0, 1),
    "id-kaart-kind": ("fout", 0, 0, 0, 1),
    "rijbewijs-verlengen": ("fout", 0, 0, 0, 1),
    "uittreksel-brp": ("fout", 0, 0, 0, 1),
    "vog-vrijwilliger": ("fout", 0, 0, 0, 1),
    "hondenbelasting-boete-agressief": ("deels", 0, 0, 0, 0),
    "fiets-kwijt-depot": ("fout", 0, 0, 0, 1),
    "graf-verlengen-weduwe": ("deels", 0, 0, 0, 0),
    "bijzondere-bijstand-wasmachine": ("fout", 0, 0, 0, 1),
    "trouwen-melding": ("fout", 0, 0, 0, 1),
    "zorg-buurman-verward": ("deels", 0, 0, 0, 0),
    "voorbeeldpas-aanvragen": ("fout", 0, 0, 0, 1),
    "inschrijven-engels": ("fout", 0, 0, 0, 1),
    "belasting-in-termijnen": ("fout", 0, 0, 0, 1),
    "tapontheffing-vereniging": ("fout", 0, 0, 0, 1),
    "milieustraat-verbouwing": ("fout", 0, 0, 0, 1),
    "naamgebruik-na-scheiding": ("fout", 0, 0, 0, 1),
    "scootmobiel-kapot": ("fout", 0, 0, 0, 1),
    "lantaarnpaal-melden": ("fout", 0, 0, 0, 1),
    "huishoudelijke-hulp-na-operatie": ("fout", 0, 0, 0, 1),
    "laadpaal-aanvragen": ("fout", 0, 0, 0, 1),
    "verhuiswagen-ontheffing": ("fout", 0, 0, 0, 1),
    "gehandicaptenparkeerkaart": ("fout", 0, 0, 0, 1),
    "kapvergunning-boom": ("fout", 0, 0, 0, 1),
    "hond-aanmelden": ("fout", 0, 0, 0, 1),
}
M, I = "medewerker", "inwoner"
HAND: dict[str, tuple[str, tuple[str, int, int, int, int], list[tuple[str, str]]]] = {
    "hand-paspoort-id-kaart": (
        "paspoort-kwijt-spoed",
        ("fout", 1, 1, 0, 2),
        [
            (I, "Mijn paspoort is gestolen en ik moet maandag vliegen. Wat nu?"),
            (
                M,
                "Goedemorgen, u spreekt met Sanne. Vervelend dat uw paspoort gestolen is. Wanneer vertrekt u?",
            ),
            (I, "Maandagochtend."),
            (
                M,
                "U maakt een afspraak voor de verklaring van vermissing en vraagt meteen met spoed een nieuw paspoort aan. Dat kost € 84,70 plus € 57,65 spoed, en het is binnen 1 werkdag klaar.",
            ),
            (I, "Oké. Wat moet ik meenemen?"),
            (M, "Neem uw ID-kaart mee en een pasfoto. Doe ook aangifte bij de politie."),
            (I, "Een ID-kaart heb ik niet."),
            (M, "Is er verder nog iets waar ik u mee kan helpen? Dan wens ik u een goede reis."),
        ],
    ),
    "hand-paspoort-geen-aangifte": (
        "paspoort-kwijt-spoed",
        ("fout", 2, 2, 1, 2),
        [
            (I, "Goedemorgen, mijn paspoort is gestolen en ik vlieg binnenkort."),
            (
                M,
                "Goedemorgen, wat een schrik dat uw paspoort gestolen is, en dat vlak voor uw reis. Wat is er gebeurd?",
            ),
            (I, "Mijn tas is gisteren in de trein gestolen."),
            (
                M,
                "Wanneer vertrekt u, en heeft u nog een ander identiteitsbewijs, zoals een rijbewijs?",
            ),
            (I, "Maandag. Mijn rijbewijs heb ik nog."),
            (
                M,
                "Als ik het goed begrijp, is uw tas gisteren gestolen, vliegt u maandag en heeft u uw rijbewijs nog. U maakt een afspraak; aan de balie vult u de verklaring van vermissing in en vraagt u met spoed een nieuw paspoort aan. Dat kost € 84,70 plus € 57,65. Aangifte bij de politie is niet nodig.",
            ),
            (I, "Fijn, dat scheelt."),
            (
                M,
                "Is uw vraag hiermee beantwoord? Dan maakt u de afspraak en bent u maandag op tijd klaar. Goede reis!",
            ),
        ],
    ),
    "hand-overlijden-goed-kort": (
        "overlijden-vader",
        ("deels", 2, 1, 0, 1),
        [
            (I, "Goedemorgen... mijn vader is vannacht overleden. Ik weet niet wat ik moet doen."),
            (
                M,
                "Wat verdrietig, gecondoleerd met het overlijden van uw vader. Neem gerust de tijd. Heeft u al een uitvaartondernemer?",
            ),
            (I, "Ja, die komt vanmiddag."),
            (
                M,
                "Dan regelt de uitvaartondernemer de aangifte van het overlijden voor u. Geef hem de verklaring van overlijden van de arts.",
            ),
            (I, "O, gelukkig. Dank u."),
            (M, "Graag gedaan. Sterkte de komende tijd."),
        ],
    ),
}


def _write(
    name: str, scenario: str, turns: list[dict[str, str]], judged: dict[str, object]
) -> None:
    item = {
        "scenario": scenario,
        "writer_profile": "projectteam (eigen set)",
        "turns": turns,
        "oordeel": judged,
        "fouten": [],
        "toelichting": "",
    }
    (OUT / f"{name}.json").write_text(
        json.dumps(item, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    keys = list(TOP)
    for name, scenario in sorted(load_scenarios().items()):
        if scenario.oefenscripts is None:
            continue
        good = Session.replay(scenario, 1, scenario.oefenscripts.goed)
        _write(f"{name}-goed", name, good.transcript(), dict(TOP))
        weak = Session.replay(scenario, 1, scenario.oefenscripts.zwak)
        _write(f"{name}-zwak", name, weak.transcript(), dict(zip(keys, WEAK[name], strict=True)))
    for name, (scenario_name, judged, lines) in HAND.items():
        turns = [{"spreker": speaker, "tekst": text} for speaker, text in lines]
        _write(name, scenario_name, turns, dict(zip(keys, judged, strict=True)))
    print(len(list(OUT.glob("*.json"))), "items")


if __name__ == "__main__":
    main()
