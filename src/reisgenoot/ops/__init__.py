"""Operations: what a beheerder or a monitoring system needs to run Reisgenoot (``/metrics``)."""
