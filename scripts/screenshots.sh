#!/usr/bin/env bash
# Regenerates screenshots/ from the real binary: each scene runs peel in a private tmux
# server, types its keys, waits for the screen to settle, captures it with its colours and
# renders it to SVG. Scenes are at most 100 columns wide, so each shows at full size on a
# code-hosting page (about 860 pixels), one to a row; the one exception, the forces grid at
# 200x60, is there to show the grid's width, and the README links it at full size.
# Usage: scripts/screenshots.sh   (needs tmux)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example ansi_to_svg
target="${CARGO_TARGET_DIR:-$PWD/target}"
peel="$target/release/peel"
render="$target/release/examples/ansi_to_svg"
socket="peel-screenshots-$$"
home=$(mktemp -d)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT
mkdir -p screenshots

# The capture once two in a row agree (bounded), so a frame is never caught half drawn.
settled() {
  local name=$1 previous="" current
  for _ in $(seq 50); do
    sleep 0.1
    current=$(tmux -L "$socket" capture-pane -e -p -t "$name")
    if [ -n "$current" ] && [ "$current" = "$previous" ]; then
      break
    fi
    previous=$current
  done
  printf '%s\n' "$current"
}

# The built-in content, unless `content` names a folder.
content=""

# scene NAME WIDTH HEIGHT KEYS...
scene() {
  local name=$1 width=$2 height=$3
  shift 3
  tmux -L "$socket" -f /dev/null new-session -d -s "$name" -x "$width" -y "$height" \
    -e LANG=C.UTF-8 -e TERM=xterm-256color -e "XDG_STATE_HOME=$home" -e "XDG_CACHE_HOME=$home" \
    "$peel" --no-state ${content:+--content "$content"}
  settled "$name" >/dev/null
  for key in "$@"; do
    tmux -L "$socket" send-keys -t "$name" "$key"
  done
  settled "$name" | "$render" > "screenshots/$name.svg"
  tmux -L "$socket" kill-session -t "$name"
  echo "screenshots/$name.svg"
}

down() { local n=$1; for _ in $(seq "$n"); do printf 'j '; done; }

# Rows from the top: 2017 and its six children, 2024, its summaries, then the areas;
# thirteen steps down is "Investigating crime", fifteen "Managing offenders and suspects".
# shellcheck disable=SC2046
scene jigsaw-cause-of-concern 100 30 $(down 15) Enter j Enter j
scene tree-80x24 80 24
# shellcheck disable=SC2046
scene reader-80x24 80 24 $(down 15) Enter j Enter j Enter
scene tree-60x20 60 20
scene help 80 24 '?'
# shellcheck disable=SC2046
scene figure-4-table 100 30 $(down 13) Enter j j Enter j Enter $(down 16)
# shellcheck disable=SC2046
scene compare-investigating 100 30 $(down 13) c
scene overview-grades 100 30 o
scene overview-charts 100 36 o l $(down 10)
scene search-thrive 100 30 / t h r i v e
scene recurring 100 30 r
# Two bookmarks (the Jigsaw cause of concern, then Investigating crime), then the list.
# shellcheck disable=SC2046
scene bookmarks 100 24 $(down 15) Enter j Enter j m k k m "'"

# The forces grid on the 43-force synthetic corpus (fictional forces), written for it as
# examples/synth_corpus writes it: Investigating crime selected; at 200x60 sorted by it.
cargo build --release --quiet --example synth_corpus
"$target/release/examples/synth_corpus" --forces 43 --out "$home/corpus" >/dev/null
content="$home/corpus"
scene forces-grid-80x24 80 24 o l l l
scene forces-grid-200x60 200 60 o l l l s
content=""
