#!/usr/bin/env bash
# Install normbase and build the knowledge base from corpus/ and amendments/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/normbase build "$@"
