"""Web and browser fixtures (loaded by the root conftest)."""
