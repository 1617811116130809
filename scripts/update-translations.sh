#!/usr/bin/env bash
# Collect the window's strings into the Qt Linguist source (keeping the translations already there),
# then compile the .qm that ships as package data. Translate the new entries in between (Qt Linguist,
# or by hand: each <translation type="unfinished"> needs its text and the type removed), run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${VENV:-.venv}/bin"
TS=simulator/gui/translations/mpsim_zh_CN.ts
"$BIN/pyside6-lupdate" -no-obsolete -locations none $(find simulator/gui -name '*.py' | sort) -ts "$TS"
"$BIN/pyside6-lrelease" "$TS"
