#!/usr/bin/env bash
# Set up and run the whole test suite: make .venv, install the package with its
# test dependencies, run pytest (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
