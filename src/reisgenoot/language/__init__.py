"""Dutch language core: pure functions, no database and no network.

Public API (stable; the capabilities build on it):

- :mod:`reisgenoot.language.pii` — ``detect``, ``redact``, ``Entity``, ``Redaction``, ``PseudonymMap``
- :mod:`reisgenoot.language.tone` — ``analyse_tone`` → ``ToneResult``
- :mod:`reisgenoot.language.readability` — ``check_b1`` → ``B1Report``
- :mod:`reisgenoot.language.text` — ``tokens``, ``sentences``, ``lemma``, ``lemmas``, ``detect_language``,
  ``shorten``
- :mod:`reisgenoot.language.analysis` — ``analyse`` → ``TurnAnalysis``: the facts above about one
  text at once (tokens, sentences, lemmas, personal data, tone), computed once and shared
"""
