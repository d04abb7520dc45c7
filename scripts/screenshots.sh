#!/usr/bin/env bash
# Refresh docs/screenshots/ from the browser tests, on the package's own sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
COMMUNIQUE_BROWSER_CORPUS=samples COMMUNIQUE_SCREENSHOTS=docs/screenshots python -m pytest -q tests/test_browser.py "$@"
