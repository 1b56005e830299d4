#!/usr/bin/env bash
# Regenerates screenshots/ from the real binary: each scene runs peel in a private tmux
# server, types its keys, captures the screen with colours and renders it to SVG.
# Usage: scripts/screenshots.sh   (needs tmux)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example ansi_to_svg
peel="$PWD/target/release/peel"
render="$PWD/target/release/examples/ansi_to_svg"
socket="peel-screenshots-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true' EXIT

# scene NAME WIDTH HEIGHT KEYS...
scene() {
  local name=$1 width=$2 height=$3
  shift 3
  tmux -L "$socket" -f /dev/null new-session -d -s "$name" -x "$width" -y "$height" \
    -e LANG=C.UTF-8 -e TERM=xterm-256color "$peel" --no-state
  sleep 0.4
  for key in "$@"; do
    tmux -L "$socket" send-keys -t "$name" "$key"
    sleep 0.05
  done
  sleep 0.3
  tmux -L "$socket" capture-pane -e -p -t "$name" | "$render" > "screenshots/$name.svg"
  tmux -L "$socket" kill-session -t "$name"
  echo "screenshots/$name.svg"
}

down() { local n=$1; for _ in $(seq "$n"); do printf 'j '; done; }

# Rows from the top: 2017 and its six children, 2024, its summaries, then the areas;
# thirteen steps down is "Investigating crime", fifteen "Managing offenders and suspects".
# shellcheck disable=SC2046
scene tree-and-reader 120 36 $(down 13) Enter j Enter j
# shellcheck disable=SC2046
scene jigsaw-cause-of-concern 120 36 $(down 15) Enter j Enter j Enter
# shellcheck disable=SC2046
scene figure-4-table 120 36 $(down 13) Enter j j Enter j Enter $(down 11)
scene narrow-80x24 80 24
scene help 80 24 '?'
# shellcheck disable=SC2046
scene compare-investigating 120 36 $(down 13) c
scene overview-grades 120 36 o
scene overview-999-calls 120 36 o l l
scene search-thrive 120 36 / t h r i v e
# Two bookmarks (the Jigsaw cause of concern, then Investigating crime), then the list.
# shellcheck disable=SC2046
scene bookmarks 100 24 $(down 15) Enter j Enter j m k k m "'"
