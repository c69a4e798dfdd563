#!/usr/bin/env bash
# Install normbase with its test dependencies and run the whole test suite.
# pytest's exit code is passed on: 5 ("no tests collected") fails like any other.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
.venv/bin/python -m pytest "$@"
