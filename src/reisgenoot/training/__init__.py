"""Training: practice conversations with simulated residents, feedback, Elo and check-the-AI.

The simulation, analysis and feedback are pure logic; ``service``, ``kennis`` (the
kennisartikelen of this installation's kennisbank), ``coaching`` and the routes use the
database. Scenarios are the shipped ones plus the municipality's own folder
(``REISGENOOT_SCENARIO_DIR``, see ``catalogue``). See ``docs/training.md``. Scores are formative:
for the trainee and their opleider only, never to assess or rank people. The trainee's emotions
are never assessed: nothing here uses the tone classifier.
"""
