"""Oversight and transparency: how Reisgenoot's AI is used, measured and kept in human hands."""
