#!/bin/sh
# Mutation testing for the files a change touches: each file's mutants run against the
# tests that cover it (not the whole suite, which would take hours on two cores).
#
#   scripts/mutants.sh                 files changed since origin/main (or HEAD~1)
#   scripts/mutants.sh BASE            files changed since BASE
#   scripts/mutants.sh -- FILE...      exactly these files
#   MUTANTS_ARGS=--iterate scripts/mutants.sh -- FILE...
#                                      skips what an earlier run already caught
#   MUTANTS_TIMEOUT=40 MUTANTS_JOBS=2 scripts/mutants.sh -- FILE...
#                                      a shorter limit for a mutant that loops (default 120 s),
#                                      and two mutants at a time (each has its own build)
#   MUTANTS_BUILD_TIMEOUT=1800         the limit on a mutant's build (the default): the
#                                      build script neutralises and indexes the content, so
#                                      a mutant of that code can loop while building. A
#                                      second job's first build is from nothing (6 to 12
#                                      minutes here), so the limit stays well above that
#
# Results go to mutants.out/<tests run>/ (caught.txt, missed.txt, timeout.txt,
# unviable.txt); a summary line per file is printed after each run. Needs cargo-mutants
# (`cargo install --locked cargo-mutants`). Not run in CI: the figures are kept in
# docs/TESTING.md.
set -eu
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
    echo "cargo-mutants is not installed: cargo install --locked cargo-mutants" >&2
    exit 2
fi

if [ "${1:-}" = "--" ]; then
    shift
    files="$*"
else
    base=${1:-$(git rev-parse --verify -q origin/main || git rev-parse HEAD~1)}
    files=$(git diff --name-only "$base" -- 'src/*.rs' 'src/**/*.rs' 'crates/*/src/*.rs' 'crates/*/src/**/*.rs' | sort -u)
fi

# The tests that exercise each part of the code. The core's files (crates/peel-core/src)
# are mostly exercised by peel's tests, so their mutants run the whole workspace's; cargo
# mutants looks for a core file's mutants only when told its package.
tests_for() {
    case "$1" in
        crates/peel-core/*) echo "--package=peel-core --test-workspace=true $(tests_for "src/${1#crates/peel-core/src/}")" ;;
        src/search/*) echo "--lib --test=search --test=ranking --test=prepared" ;;
        src/content/sanitize.rs) echo "--lib --test=loader" ;;
        src/content/validate.rs | src/content/*.rs) echo "--lib --test=loader --test=fidelity" ;;
        src/compare.rs) echo "--lib --test=tui_screens --test=cli" ;;
        src/state.rs) echo "--lib --test=copy_and_state" ;;
        src/tui/event_loop.rs | src/tui/terminal.rs) echo "--lib --test=terminal_events --test=pty_bytes --test=copy_and_state --test=serve" ;;
        src/tui/update/* | src/tui/*.rs) echo "--lib --test=tui_update --test=tui_keys --test=tui_screens --test=tui_mouse" ;;
        src/cli/*) echo "--lib --test=cli" ;;
        src/import/*) echo "--lib --test=import" ;;
        src/serve/*) echo "--lib --test=serve" ;;
        *) echo "--lib" ;;
    esac
}

# The walk over every code point takes 15 s unoptimised and only covers sanitize.rs.
skip_for() {
    case "$1" in
        src/content/sanitize.rs | crates/peel-core/src/content/sanitize.rs) ;;
        *) echo "--skip no_code_point_gets_through_that_a_terminal_would_act_on" ;;
    esac
}

# Most of a mutant's build is linking; mold, where installed, does it several times faster.
if command -v mold >/dev/null 2>&1; then
    RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
    export RUSTFLAGS
fi

# One cargo-mutants run per set of tests, over all the files that share it: each run
# copies the tree and builds the dependencies once, which costs minutes.
groups=""
for file in $files; do
    [ -f "$file" ] || continue
    tests=$(tests_for "$file")
    case "$groups" in *"|$tests|"*) ;; *) groups="$groups|$tests|" ;; esac
done

echo "$groups" | tr '|' '\n' | grep -v '^$' | while read -r tests; do
    file_args=""
    group_files=""
    for file in $files; do
        [ -f "$file" ] && [ "$(tests_for "$file")" = "$tests" ] || continue
        file_args="$file_args --file $file"
        group_files="$group_files $file"
    done
    first=$(echo "$group_files" | awk '{print $1}')
    out="mutants.out/$(echo "$tests" | tr -c 'a-z_\n' '_' | tr -s '_' | sed 's/^_//; s/_$//')"
    mkdir -p "$out"
    echo "== $group_files ($tests)"
    # The test targets go to every cargo command (--cargo-arg), so that each mutant's build
    # compiles only the tests that will run, not all thirty test binaries.
    cargo_args=""
    for arg in $tests; do
        case "$arg" in
            --test-workspace=* | --package=*) cargo_args="$cargo_args $arg" ;;
            *) cargo_args="$cargo_args --cargo-arg=$arg" ;;
        esac
    done
    # shellcheck disable=SC2046,SC2086
    cargo mutants --no-shuffle --timeout "${MUTANTS_TIMEOUT:-120}" \
        --build-timeout "${MUTANTS_BUILD_TIMEOUT:-1800}" --jobs "${MUTANTS_JOBS:-1}" \
        --profile mutants $file_args --output "$out" \
        ${MUTANTS_ARGS:-} $cargo_args -- -- $(skip_for "$first") || true
    for file in $group_files; do
        count() {
            if [ -f "$out/mutants.out/$1.txt" ]; then grep -c "^$file:" "$out/mutants.out/$1.txt" || true; else echo 0; fi
        }
        echo "$file: caught $(count caught), missed $(count missed), timeout $(count timeout), unviable $(count unviable)"
    done
done
