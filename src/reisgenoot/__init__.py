"""Reisgenoot: AI beside the people of Dutch public service."""

__version__ = "0.1.0"
