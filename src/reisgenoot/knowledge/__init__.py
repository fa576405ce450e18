"""Kennisbank: articles in SDG kennisartikel shape, import, search and the article view."""
