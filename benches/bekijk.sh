#!/usr/bin/env bash
# Latency of `draaiboek bekijk`: save the session file → new content on the
# open page in headless Chromium. Median over repeated edits; target < 100 ms.
#   bash benches/bekijk.sh [EDITS]
# Needs chromium and a Python with websocket-client (.venv-test, or
# DRAAIBOEK_PYTHON), as .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
python=${DRAAIBOEK_PYTHON:-.venv-test/bin/python}
chromium=$(command -v chromium || command -v chromium-browser)
"$python" benches/bekijk.py "$PWD/target/release/draaiboek" "$chromium" "${1:-30}"
