"""``python -m reisgenoot`` runs the command line."""

from reisgenoot.cli import main

main()
