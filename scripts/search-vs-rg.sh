#!/usr/bin/env bash
# peel search against ripgrep (`rg -i`, printing matching lines) as whole processes, over
# the same passages: the built-in content, and the synthetic 43-force corpus through a warm
# cache (a second run after the first has stored the index, and the folder's stamp is
# left). For each query the two commands run alternately (examples/paired.rs); medians,
# peak memory and the median of the paired ratios are printed. fzf --filter is run too,
# for reference, when it is installed.
# Needs ripgrep (Debian package ripgrep, or `cargo install ripgrep`); fzf is optional
# (Debian package fzf). Neither is a dependency of peel, and this script installs nothing.
#   scripts/search-vs-rg.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
command -v rg >/dev/null || {
  echo "needs ripgrep: apt-get install ripgrep (or cargo install ripgrep)" >&2
  exit 1
}
cargo build --release --quiet --bin peel --example passages --example paired --example synth_corpus
target=${CARGO_TARGET_DIR:-$PWD/target}
peel=$target/release/peel
paired=$target/release/examples/paired
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Its own cache, so the developer's is neither used nor filled.
export XDG_CACHE_HOME=$work/cache
"$target/release/examples/synth_corpus" --forces 43 --out "$work/synth" >/dev/null
"$target/release/examples/passages" > "$work/builtin.txt"
"$target/release/examples/passages" --content "$work/synth" > "$work/synth.txt"
wc -lc "$work/builtin.txt" "$work/synth.txt" | sed '$d'
"$peel" --content "$work/synth" search jigsaw >/dev/null   # fills the cache
sleep 3   # past the 2 s in which files are too fresh to stamp (crates/peel-core/src/content/stamp.rs)
"$peel" --content "$work/synth" search jigsaw >/dev/null   # leaves the stamp
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# rg is given the file (as a reader would), so it maps it, as peel maps its index.
# `thrive` and `rso` name concepts with acronyms (`THRIVE`, `RSO`), which match as written.
for query in jigsaw "stop and search" thrve thrive rso; do
  echo "built-in, \"$query\""
  "$paired" --runs "$runs" -- "$peel" search "$query" :: rg -i "$query" "$work/builtin.txt"
  echo "43 forces (warm cache), \"$query\""
  "$paired" --runs "$runs" -- "$peel" --content "$work/synth" search "$query" \
    :: rg -i "$query" "$work/synth.txt"
  if command -v fzf >/dev/null; then
    echo "43 forces, for reference: fzf --filter \"$query\""
    "$paired" --runs "$runs" -- "$peel" --content "$work/synth" search "$query" \
      :: "<$work/synth.txt" fzf --filter "$query"
  fi
done

# Queries matched against the text itself rather than the index's words: a word with a
# capital matches as typed (smart case, as `rg -S`), a quoted phrase exactly in any case.
for query in Jigsaw Engage Police; do
  echo "43 forces (warm cache), \"$query\" (smart case; rg -S)"
  "$paired" --runs "$runs" -- "$peel" --content "$work/synth" search "$query" \
    :: rg -S "$query" "$work/synth.txt"
done
echo "43 forces (warm cache), '\"stop and search\"' (a quoted phrase; rg -i)"
"$paired" --runs "$runs" -- "$peel" --content "$work/synth" search '"stop and search"' \
  :: rg -i "stop and search" "$work/synth.txt"
