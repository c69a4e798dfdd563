#!/usr/bin/env bash
# Create .venv and install normbase into it. Usage: scripts/setup.sh [extra]  (extra: test, which also
# installs axe-core for the browser tests with npm ci in tests/browser/axe)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  # axe-core (pinned in tests/browser/axe/package-lock.json) for the accessibility checks
  if command -v npm >/dev/null; then
    npm ci --prefix tests/browser/axe --no-audit --no-fund --silent
  else
    echo "scripts/setup.sh: npm not found; the axe-core checks (tests/browser/test_axe_browser.py) will skip" >&2
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
