"""Every data file in the source tree ships in the wheel (CI installs non-editable)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "reisgenoot"


def test_every_data_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["reisgenoot"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}  # setuptools globs
    missing = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        and path not in shipped
    ]
    assert not missing, f"not in [tool.setuptools.package-data]: {sorted(missing)[:10]}"
