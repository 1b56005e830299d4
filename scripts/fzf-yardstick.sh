#!/usr/bin/env bash
# A yardstick for peel's search speed: fzf --filter over the same passages, one per line,
# for the built-in content and 100 copies of it. Needs fzf and hyperfine (Debian packages;
# neither is a dependency of peel). Prints hyperfine's summary for each run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example passages
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
./target/release/examples/passages > "$dir/builtin.txt"
./target/release/examples/passages --copies 100 > "$dir/100x.txt"
wc -lc "$dir/builtin.txt" "$dir/100x.txt"
for corpus in builtin 100x; do
  for query in s jigsaw "stop and search" thrve; do
    hyperfine --warmup 3 --runs 20 --style basic \
      "fzf --filter '$query' < $dir/$corpus.txt" 2>/dev/null \
      | grep -E "Time|Benchmark" | sed "s/^/$corpus: /"
  done
done
