"""Signals: growth in questions, new topics and shifts in tone — at team level only.

:func:`reisgenoot.signals.service.compute_signals` is the entry point; every kind of signal is
a :class:`~reisgenoot.signals.detection.Detector` registered in
:data:`reisgenoot.signals.kinds.DETECTORS`; the harness in :mod:`reisgenoot.signals.simulate`
measures the detectors on synthetic histories.
"""
