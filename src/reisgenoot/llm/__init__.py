"""Optional model backends behind a Protocol (an OpenAI-compatible endpoint, or none)."""
