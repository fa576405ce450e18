"""The demo municipality "Gemeente Voorbeeldstad": kennisbank, accounts, synthetic history.

Everything here is fictional and marked as such. :func:`reisgenoot.demo.seed.seed_demo`
loads it into a fresh database once; ``reisgenoot demo`` does that and serves the web app.
"""
