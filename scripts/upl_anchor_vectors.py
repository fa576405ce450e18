"""Write the sentence vectors of the UPL learner's anchors (``assist/data/upl_anchor_vectors.npz``).

    .venv/bin/python scripts/upl_anchor_vectors.py

The UPL learner (:mod:`reisgenoot.assist.learners`) keeps the packaged model in place with the
first ``ANCHORS`` of the packaged generated utterances (``assist/data/train.jsonl``, in the
learner's seeded order). It needs their run-time logits, sentence vector included; embedding
2,000 utterances takes a minute or more of CPU, so the vectors ship with the model (float16,
with a digest of the texts so a changed ``train.jsonl`` is noticed and the learner falls back
to words for the anchors). Rerun after ``scripts/assist_topics.py`` or a new e5 model.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.assist import learners  # noqa: E402
from reisgenoot.assist.embedding import embed_texts  # noqa: E402

OUT = ROOT / "src" / "reisgenoot" / "assist" / "data" / learners.ANCHOR_VECTORS


def main() -> None:
    texts = [text for text, _upl in learners.anchor_rows()[: learners.ANCHORS]]
    vectors = np.concatenate(
        [embed_texts(texts[start : start + 64]) for start in range(0, len(texts), 64)]
    )
    np.savez_compressed(
        OUT, vectors=vectors.astype(np.float16), digest=np.array(learners.anchor_digest(texts))
    )
    sys.stdout.write(f"{OUT.relative_to(ROOT)}: {len(texts)} vectors\n")


if __name__ == "__main__":
    main()
