"""Start-page cards of practice conversations, check-the-AI and the learning path."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

CARDS: tuple[RoleCard, ...] = (
    *for_roles(
        Card(
            "Leerpaden",
            "Volg de voortgang van de trainees die jij begeleidt.",
            "/training/trainees",
        ),
        opleider=20,
    ),
    *for_roles(
        Card(
            "Oefengesprekken",
            "Oefen met een nagespeelde inwoner. Je krijgt feedback: eerst wat goed ging.",
            "/training",
        ),
        trainee=20,
    ),
    *for_roles(
        Card(
            "AI-antwoorden controleren",
            "Leer de stof door antwoorden van de computer na te kijken.",
            "/training/controleren",
        ),
        trainee=30,
    ),
    *for_roles(
        Card("Mijn leerpad", "Zie wat je al kunt en wat je nog gaat leren.", "/training/voortgang"),
        trainee=40,
    ),
    *for_roles(
        Card(
            "Trainees en opleiders",
            "Koppel trainees aan hun opleider. Je ziet geen oefenresultaten.",
            "/training/trainees",
        ),
        beheerder=40,
    ),
)
