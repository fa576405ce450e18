"""Personal data and readability of the registration draft's fields on transcript folders.

    python scripts/check_draft_fields.py FOLDER [FOLDER …] [--show]

Each FOLDER holds ``transcripts/`` and ``gold.jsonl`` (with ``pii``): the own set
``evaluation/assist``, the generated check ``evaluation/assist/draft_pii/{dev,heldout}``
(``scripts/make_draft_pii_check.py``), blind dev ``evaluation/blind/transcripts/dev``. ``--show``
prints the fields of each conversation with a leak or a readability issue: never with the
blind test folder (its items are not read; counts only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reisgenoot.bench.draft_fields import measure


def main(argv: list[str]) -> None:
    show = "--show" in argv
    for name in [a for a in argv if a != "--show"]:
        if show and "/test" in name:
            raise SystemExit("--show is not for the blind test")
        result = measure(Path(name), print if show else None)
        print(name, json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
