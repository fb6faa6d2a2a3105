#!/usr/bin/env bash
# Set up and run the whole test suite: make .venv, install the package with its
# test dependencies, run pytest (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (installed with apt-get; never a downloaded build).
if ! bash scripts/install_browser.sh; then
    if [ "${CI:-}" = "true" ]; then exit 1; fi
    echo "test.sh: no Chromium: the browser tests will be skipped" >&2
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
