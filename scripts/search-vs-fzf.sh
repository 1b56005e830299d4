#!/usr/bin/env bash
# peel search against fzf --filter, as whole processes, over the same passages: the
# built-in content, and the synthetic 43-force corpus through a warm cache (a second run
# after the first has stored the parsed library and the index). For each query the two
# commands run alternately (examples/paired.rs); medians, peak memory and ratios are
# printed. Needs fzf (Debian package fzf; not a dependency of peel).
#   scripts/search-vs-fzf.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
command -v fzf >/dev/null || { echo "needs fzf (apt-get install fzf)" >&2; exit 1; }
cargo build --release --quiet --bin peel --example passages --example paired --example synth_corpus
peel=$PWD/target/release/peel
paired=$PWD/target/release/examples/paired
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Its own cache, so the developer's is neither used nor filled.
export XDG_CACHE_HOME=$work/cache
./target/release/examples/synth_corpus --forces 43 --out "$work/synth" >/dev/null
./target/release/examples/passages > "$work/builtin.txt"
./target/release/examples/passages --content "$work/synth" > "$work/synth.txt"
wc -l "$work/builtin.txt" "$work/synth.txt" | sed '$d'
"$peel" --content "$work/synth" search jigsaw >/dev/null   # fills the cache
sleep 3   # past the 2 s in which files are too fresh to stamp (crates/peel-core/src/content/stamp.rs)
"$peel" --content "$work/synth" search jigsaw >/dev/null   # leaves the stamp

for query in jigsaw "stop and search" thrve; do
  echo "built-in, \"$query\""
  "$paired" --runs "$runs" -- "$peel" search "$query" :: "<$work/builtin.txt" fzf --filter "$query"
  echo "43 forces (warm cache), \"$query\""
  "$paired" --runs "$runs" -- "$peel" --content "$work/synth" search "$query" \
    :: "<$work/synth.txt" fzf --filter "$query"
done
