#!/usr/bin/env bash
# Install the browser the browser tests drive (tests/test_browser.py): Debian's
# chromium at /usr/bin/chromium. Idempotent: does nothing if it is already there.
# Playwright for Python (a test extra) drives it; we never run `playwright install`
# (that downloads Playwright's own browser build from the network).
set -euo pipefail
BROWSER=/usr/bin/chromium
if [ -x "$BROWSER" ]; then
    echo "install_browser: $BROWSER is already installed ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get here; install Chromium yourself so that $BROWSER exists" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser: run as root (or install sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
echo "install_browser: installed $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")" >&2
