"""The kennisbank fit keeps the slow out-of-fold product probabilities between refits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reisgenoot.bench import knowledge_fit


def test_out_of_fold_products_are_reused_only_for_the_same_training_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge_fit, "OOF_CACHE", tmp_path / "build" / "oof.npz")
    assert knowledge_fit._load_oof("a") is None  # nothing kept yet
    predicted = np.arange(6, dtype=np.float64).reshape(2, 3) / 10
    knowledge_fit._save_oof("a", predicted)
    found = knowledge_fit._load_oof("a")
    assert found is not None and np.array_equal(found, predicted)
    # Other utterances or labels (another key): computed again, never the stale matrix.
    assert knowledge_fit._load_oof("b") is None
