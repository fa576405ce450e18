"""Benchmarks and evaluations (kept out of CI timings; run with ``reisgenoot bench``)."""
