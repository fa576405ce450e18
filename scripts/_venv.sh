# Shared by scripts/run and scripts/test: create .venv and install Reisgenoot into it.
# Usage: . scripts/_venv.sh EXTRAS   (EXTRAS e.g. "" or "test")
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$(command -v "$candidate"); break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "Python 3.11 of nieuwer is nodig." >&2; exit 1; }
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> virtuele omgeving maken in $VENV" >&2
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
spec="$ROOT"
[ -n "${1:-}" ] && spec="$ROOT[$1]"
echo "==> Reisgenoot installeren ($spec)" >&2
"$VENV/bin/python" -m pip install --quiet "$spec" >&2
export PATH="$VENV/bin:$PATH"
