"""Fit the learned rubric models and write ``src/reisgenoot/training/data/rubriek_model.json``.

One small softmax regression per criterion of ``reisgenoot.bench.training.MODELLED``
(feiten, empathie, samenvatten, afsluiten, and vragen, whose model only says how sure the rules'
level is), on the features of ``reisgenoot.training.rubric_features``
of every transcript of the own set (``evaluation/training/items``, weight 0.5), of the judged
practice conversations of other writers (``training-data/practice``, see its README; only for
the criteria of ``PRACTICE_CRITERIA``) and of blind dev (``evaluation/blind/training/dev``). Blind test is never read. The bench's blind dev
figures that are not in-sample (``reisgenoot bench training``) use the same fitting: without
blind dev ("schrijver apart") and with five folds by scenario ("kruisvalidatie").

Run from the repository root: ``.venv/bin/python scripts/train_rubric_model.py``. With
``--only empathie`` only that criterion's entry of the file is replaced (the others stay).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reisgenoot.bench.sets import blind_part
from reisgenoot.bench.training import (
    MODELLED,
    PRACTICE_CRITERIA,
    base_rows,
    fit_models,
    kennisbank_texts,
    training_rows,
)
from reisgenoot.training.rubric_model import MODEL_FILE
from reisgenoot.training.scenario_files import load_scenarios

OUT = Path("src/reisgenoot/training/data") / MODEL_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(MODELLED), help="replace only this model")
    only = parser.parse_args().only
    scenarios = load_scenarios()
    texts = kennisbank_texts()
    base = base_rows(scenarios, texts)
    rows = [*base, *training_rows(blind_part("training", "dev"), scenarios, texts, 1.0)]
    models = fit_models(rows)
    if only is not None:
        kept = json.loads(OUT.read_text(encoding="utf-8"))
        kept["models"] = [
            models[only].to_dict() if model["criterion"] == only else model
            for model in kept["models"]
        ]
        OUT.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{OUT}: {only} opnieuw gefit uit {len(rows)} transcripten")
        return
    data = {
        "_uitleg": (
            "Gefit door scripts/train_rubric_model.py op de eigen set (gewicht 0.5) en blind dev, "
            f"en voor {', '.join(sorted(PRACTICE_CRITERIA))} ook op training-data/practice; "
            "blind test is niet gebruikt."
        ),
        "transcripten": len(rows),
        "models": [model.to_dict() for model in models.values()],
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{OUT}: {len(models)} modellen uit {len(rows)} transcripten ({len(base)} zonder blind dev)"
    )


if __name__ == "__main__":
    main()
