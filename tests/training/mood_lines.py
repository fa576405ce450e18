"""Scripted trainees for the aggressive practice scenario (issue 22).

Shared by ``test_mood.py`` and ``scripts/mood_probe.py``; plain data, so the probe can run
against an older checkout of the simulator too.
"""

from __future__ import annotations

ANGRY = "hondenbelasting-boete-agressief"
FACTS = frozenset({"sinds", "deur", "aangemeld"})
GREETING = "Goedemiddag, u spreekt met Mila van de gemeente. "
QUESTIONS = [
    "Sinds wanneer heeft u de hond?",
    "Wat is er aan de deur gebeurd?",
    "Heeft u de hond al aangemeld?",
]
ACKNOWLEDGING = [
    GREETING + "Ik hoor hoe boos u bent, en dat snap ik. " + QUESTIONS[0],
    "Dat moet vervelend zijn geweest, zo'n controleur op de stoep. " + QUESTIONS[1],
    "Dank u dat u het zo eerlijk vertelt. " + QUESTIONS[2],
]
IGNORING = [
    GREETING + "Ik heb eerst wat gegevens nodig. " + QUESTIONS[0],
    "Ik moet dat weten voor het dossier. " + QUESTIONS[1],
    "Dat staat hier zo genoteerd. " + QUESTIONS[2],
]
NEUTRAL_GREETING = GREETING + "Waar kan ik u mee helpen?"
LATE = [
    NEUTRAL_GREETING,
    "Ik hoor hoe boos u bent, en dat snap ik. Dat is ook niet niks, zo'n brief.",
    *QUESTIONS,
]
"""Greets neutrally, acknowledges once, then asks the three questions plainly."""
