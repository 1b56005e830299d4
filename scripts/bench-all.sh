#!/usr/bin/env bash
# Every performance figure in docs/PERFORMANCE.md, with one command: the criterion
# benchmarks (search per keystroke, load, frames, tree steps, comparisons, start-up to the
# first frame in a real pty), peak memory, bytes per frame, and peel search against
# fzf --filter as whole processes when fzf is installed. Takes about ten minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench search --bench explorer --bench startup 2>&1 \
  | grep -E "^first start" || true
scripts/bench-summary.sh
cargo test --release --quiet --test memory --test pty_bytes -- --nocapture --test-threads 1 2>&1 \
  | grep -E "peak RSS|first paint"
if command -v fzf >/dev/null; then
  scripts/search-vs-fzf.sh
else
  echo "peel search against fzf skipped: needs fzf (apt-get install fzf)"
fi
if command -v rg >/dev/null; then
  scripts/search-vs-rg.sh
else
  echo "peel search against ripgrep skipped: needs rg (apt-get install ripgrep)"
fi
