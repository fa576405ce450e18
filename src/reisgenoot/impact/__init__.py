"""Impact dialogue: an anonymous pulse on the five dimensions per team, a team report, a guide
for the team conversation and actions that come back in the next round (contracts §10)."""
