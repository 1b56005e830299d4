#!/usr/bin/env bash
# Load on `peel serve`: a server on 127.0.0.1 with a key made for the run, then N
# concurrent SSH sessions (examples/serve_load.rs, russh's client), each typing a search
# and moving around one key at a time. Prints keystroke-to-frame latency (p50, p99, worst),
# bytes per keystroke and the server's resident memory with 0 and N sessions; at the end, a
# summary of every round by pace, with the memory each session added at 80x24.
# A key is timed from being sent to the end of the next frame, which is the first frame
# that reflects it: a reader sends the next key only once that frame has come.
# Each round runs twice: readers typing flat out (each key as soon as the last one's frame
# has come), and at a fast typist's pace (a key every 100 ms after its frame).
#   scripts/serve-load.sh [SESSIONS] [ROUNDS]
# PEEL_BINARY=path/to/peel serves with another build (a "before" for a paired comparison);
# the load tool is always this checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-100}
rounds=${2:-3}
command -v ssh-keygen >/dev/null || { echo "needs ssh-keygen (apt-get install openssh-client)" >&2; exit 1; }
cargo build --release --quiet --bin peel --example serve_load
target=${CARGO_TARGET_DIR:-target}
peel=${PEEL_BINARY:-$target/release/peel}
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N "" -C load -f "$work/key"
cp "$work/key.pub" "$work/authorized_keys"
for round in $(seq "$rounds"); do
  for pause in 0 100; do
    # A fresh server each time, so its memory with no sessions is a true baseline.
    HOME=$work XDG_STATE_HOME=$work/state "$peel" --no-state serve \
      --listen 127.0.0.1:0 --authorized-keys "$work/authorized_keys" \
      --max-sessions "$((sessions + 10))" --max-per-ip "$((sessions + 10))" 2>"$work/log" &
    server=$!
    for _ in $(seq 100); do grep -q "listening on" "$work/log" 2>/dev/null && break; sleep 0.05; done
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/log" | head -1)
    echo "round $round, pause $pause ms"
    "$target/release/examples/serve_load" --port "$port" --key "$work/key" \
      --server-pid "$server" --sessions "$sessions" --pause-ms "$pause" | tee "$work/round-$round-$pause"
    kill "$server"; wait "$server" 2>/dev/null || true
    server=
  done
done
echo
echo "summary, $sessions readers, $rounds rounds (each round's figure, in order)"
for pause in 100 0; do
  label=$([ "$pause" = 0 ] && echo "flat out" || echo "typist (a key every $pause ms)")
  awk -v label="$label" '
    /^keystroke to frame/ { p50 = p50 sep $5; p99 = p99 sep $8; worst = worst sep $11 }
    /^typing:/ { rate = rate sep substr($7, 2) }
    /^server CPU:/ { cpu = cpu sep $5 }
    /^server RSS/ {
      # The last "(N kB each)": what each session holds after typing.
      for (i = 1; i <= NF; i++) if ($i == "each),") last = substr($(i - 2), 2)
      each = each sep last; sep = ", "
    }
    END {
      printf "%s: p50 %s ms; p99 %s ms; worst %s ms; keys a second %s\n", label, p50, p99, worst, rate
      printf "  server CPU a keystroke: %s ms; memory a session after typing (80x24): %s kB\n", cpu, each
    }' $(ls "$work"/round-*-"$pause")
done
