#!/usr/bin/env bash
# Scale and memory (issue 16, targets 2 and 4): the same synthetic task (bench/make_synthetic.py,
# 20 features) at 300,000, 1,000,000 and 3,000,000 rows, each run with --trials 0 and with 10
# trials (--stop never), from target/release/worthit. Prints one row per run and then the two
# targets with their measured ratios:
#   - scale: 10x the rows (300,000 to 3,000,000) at most 11x the time, for both sweep sizes;
#   - memory: peak at most 2x the data's f32 size + the models' bytes + 100 MiB.
# Run by `bash bench/run.sh --scale` (about an hour on 2 cores); ROWS="300000 1000000" for less.
# Runs go to bench/out/scale/ (replaced on every call); the table is also written to
# bench/out/scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rows_list="${ROWS:-300000 1000000 3000000}"
python=bench/.venv/bin/python
out=bench/out/scale
rm -rf "$out"
mkdir -p "$out"
test -x target/release/worthit || { echo "target/release/worthit is missing: cargo build --release" >&2; exit 1; }

for rows in $rows_list; do
  if [ "$rows" = 1000000 ]; then data=bench/data/synthetic_1m.csv; else data=bench/data/synthetic_$rows.csv; fi
  if [ ! -f "$data" ]; then
    "$python" bench/make_synthetic.py --rows "$rows"
  fi
  for trials in 0 10; do
    echo "== $rows rows, $trials trials" >&2
    target/release/worthit run "$data" --target target --trials "$trials" --stop never \
      --out "$out/rows$rows-trials$trials" --force --quiet
  done
done

"$python" - "$out" $rows_list <<'EOF' | tee bench/out/scale.md
import json, os, sys

out, rows_list = sys.argv[1], [int(r) for r in sys.argv[2:]]
MIB = 1024 * 1024
features = 20
print("| rows | trials | run s | fit s | predict s | peak MB | memory target MB | memory |")
print("|---:|---:|---:|---:|---:|---:|---:|---|")
seconds = {}
for rows in rows_list:
    for trials in (0, 10):
        with open(os.path.join(out, f"rows{rows}-trials{trials}", "results.json")) as f:
            run = json.load(f)
        t = run["timings"]
        models = sum(m.get("bytes", 0) for m in run["models"])
        target = 2 * rows * features * 4 + models + 100 * MIB
        peak = run["peak_memory_bytes"]
        seconds[(rows, trials)] = t["total_seconds"]
        print(f"| {rows:,} | {trials} | {t['total_seconds']:.1f} | {t['fit_seconds']:.1f} | "
              f"{t['predict_seconds']:.1f} | {peak / 1e6:.0f} | {target / 1e6:.0f} | "
              f"{'met' if peak <= target else '**missed**'} |")
low, high = min(rows_list), max(rows_list)
if low != high:
    print()
    print(f"| scale: {high:,} rows against {low:,} | time ratio | target |")
    print("|---|---:|---|")
    allowed = 1.1 * high / low
    for trials in (0, 10):
        ratio = seconds[(high, trials)] / seconds[(low, trials)]
        verdict = "met" if ratio <= allowed else "**missed**"
        print(f"| --trials {trials} | {ratio:.1f}x | at most {allowed:.0f}x: {verdict} |")
EOF
