#!/usr/bin/env bash
# Speed of the headless pipeline against its peers, in one run (docs/product.md, Speed):
# `mpsim record` (reads, records, decodes, parses) vs curl, httpx iter_raw and httpx-sse on the
# shared loopback server's two workloads. Goal: ours/httpx-raw <= 1.5 and ours/httpx-sse <= 1.0.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
out=$(mktemp -d)
# The peers import httpx from the .pyc files pip wrote when it installed them; compile ours as an
# install would, or (with PYTHONDONTWRITEBYTECODE set) every run pays ~40 ms compiling its modules.
"$PY" -m compileall -q simulator >/dev/null
trap 'rm -rf "$out"' EXIT
PATH="$(dirname "$PY"):$PATH" "$PY" ../shared/bench/compare.py --runs "${RUNS:-5}" \
  --ours "$PY -m simulator.cli record {url} -q -o $out/bench.jsonl" "$@"
