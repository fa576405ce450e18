"""Agent assist: transcripts, UPL topics, outcome detection and the registration draft."""
