#!/usr/bin/env bash
# Prints the median of each criterion benchmark under target/criterion, and for each typed
# query its slowest keystroke. Run after `cargo bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import json, pathlib, collections
root = pathlib.Path("target/criterion")
worst = collections.defaultdict(lambda: (0.0, ""))
for estimates in sorted(root.glob("**/new/estimates.json")):
    bench = estimates.parent.parent.relative_to(root).as_posix()
    median_ms = json.loads(estimates.read_text())["median"]["point_estimate"] / 1e6
    group, _, case = bench.rpartition("/")
    if group.startswith("keystroke"):
        if median_ms > worst[group][0]:
            worst[group] = (median_ms, case)
    else:
        print(f"{bench:45} median {median_ms:9.3f} ms")
for group, (ms, case) in sorted(worst.items()):
    print(f"{group:45} slowest keystroke {case:22} median {ms:7.3f} ms")
PY
