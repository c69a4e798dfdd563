#!/usr/bin/env bash
# Install normbase with its test dependencies, lint and type-check src (ruff, mypy; either failing
# fails the script) and run the whole test suite.
# pytest's exit code is passed on: 5 ("no tests collected") fails like any other.
# The browser tests (tests/browser) drive Debian's Chromium: when /usr/bin/chromium is
# missing it is installed here with apt-get, as root or on CI with password-less sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  sudo=none
  if [ "$(id -u)" = 0 ]; then sudo=""; elif [ -n "${CI:-}" ] && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
  if [ "$sudo" != none ]; then
    echo "scripts/test.sh: installing chromium for the browser tests" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
fi
scripts/setup.sh test
.venv/bin/ruff check src
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
