"""The person gate's threshold: one sweep for the shipped fit and the writer-held-out probe.

The gate hands a question to a person when its probability reaches the threshold or the own-case
rule fires. The threshold catches the most person questions while at most
:data:`MAX_GATE_ON_ANSWERABLE` of the answerable questions are flagged (issue 14, ADRs 65 and 72).
"""

from __future__ import annotations

import numpy as np

MAX_GATE_ON_ANSWERABLE = 0.03


def gate_threshold(
    scores: np.ndarray, rule: np.ndarray, person: np.ndarray, answerable: np.ndarray
) -> float:
    """The threshold on ``scores`` (with ``rule`` flagging besides) that catches the most of the
    ``person`` questions while flagging at most the allowed share of the ``answerable`` ones;
    0.5 when no threshold keeps within that share."""
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.05, 0.95, 0.01), 2):
        flagged = (scores >= t) | rule
        caught = float(flagged[person].mean())
        if flagged[answerable].mean() <= MAX_GATE_ON_ANSWERABLE and caught > best[1]:
            best = (float(t), caught)
    return best[0]
