"""Training: practice conversations with simulated residents, feedback, Elo and check-the-AI.

Pure logic without database. See ``docs/training.md``. Scores are formative: for the trainee
and their opleider only, never to assess or rank people. The trainee's emotions are never
assessed: nothing here uses the tone classifier.
"""
