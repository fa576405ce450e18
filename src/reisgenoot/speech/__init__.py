"""Speech to text: optional transcription backends and the audio plumbing around them."""
