#!/usr/bin/env bash
# The one entry point for the benchmarks: bash bench/run.sh [--quick] [--no-build] [--scale]
#   --quick     skip the 1M-row synthetic set (seconds instead of ~8 minutes) and the
#               calibration of the tuning forecasts (bench/calibration: about half an hour priced,
#               and about half an hour more for the runs without [value])
#   --no-build  use the existing target/release/worthit, e.g. while src/ is mid-edit
#   --scale     also the scale and memory table (bench/scale.sh: 300,000 to 3,000,000 rows,
#               --trials 0 and 10; about an hour more)
#   --profile   also the default runs of issue 16's target 3: KDD Cup 99 (../shared/datasets)
#               and synthetic-1m, with where their time goes (about 35 minutes more)
#   --fresh-build  also time a fresh `cargo test --release --locked --no-run` (CI's build) in an
#               empty target directory (about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
build=1
scale=0
fresh_build=0
profile=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=--quick ;;
    --no-build) build=0 ;;
    --scale) scale=1 ;;
    --fresh-build) fresh_build=1 ;;
    --profile) profile=1 ;;
    *) echo "usage: bash bench/run.sh [--quick] [--no-build] [--scale] [--profile] [--fresh-build]" >&2; exit 2 ;;
  esac
done

started=$SECONDS
if [ "$build" = 1 ]; then
  cargo build --release
  cargo build --release --example boost_bench
  cargo build --release --example analysis_bench
fi
test -x target/release/worthit || { echo "target/release/worthit is missing: run without --no-build" >&2; exit 1; }

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
# Run every time (a no-op when satisfied) so a changed pin reaches an existing venv.
bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
bench/.venv/bin/python -c 'import sklearn, numpy, pandas, pyarrow, lightgbm, sys
print("Python", sys.version.split()[0], "| scikit-learn", sklearn.__version__, "| numpy", numpy.__version__,
      "| pandas", pandas.__version__, "| pyarrow", pyarrow.__version__, "| lightgbm", lightgbm.__version__)'

if [ -z "$quick" ] && [ ! -f bench/data/synthetic_1m.csv ]; then
  bench/.venv/bin/python bench/make_synthetic.py
fi

bench/.venv/bin/python bench/forest_vs_sklearn.py $quick
bench/.venv/bin/python bench/boosting_vs_lightgbm.py $quick
bench/.venv/bin/python bench/sweep_vs_sklearn.py $quick
echo "## Where the default run's time goes (target: every part other than fitting under 25%)"
python3 bench/stages.py bench/out/sweep
if [ "$profile" = 1 ]; then
  profiled=(bench/out/sweep)
  if [ -f ../shared/datasets/kddcup99_10pct.csv.gz ]; then
    target/release/worthit run ../shared/datasets/kddcup99_10pct.csv.gz --config examples/value/kddcup99.toml \
      --out bench/out/profile/kddcup99 --force --quiet
    profiled+=(bench/out/profile/kddcup99)
  fi
  if [ ! -f bench/data/synthetic_1m.csv ]; then
    bench/.venv/bin/python bench/make_synthetic.py
  fi
  target/release/worthit run bench/data/synthetic_1m.csv --target target \
    --out bench/out/profile/synthetic-1m --force --quiet
  profiled+=(bench/out/profile/synthetic-1m)
  python3 bench/stages.py "${profiled[@]}"
fi
echo "## Diminishing-returns analysis (no peer: against the 50 ms target)"
target/release/examples/analysis_bench
if [ -z "$quick" ]; then
  echo "## Calibration of the tuning forecasts (bench/calibration)"
  bash bench/calibration/run.sh
fi
if [ "$scale" = 1 ]; then
  echo "## Scale and memory (bench/scale.sh)"
  bash bench/scale.sh
fi
echo "## Build (target: release binary under 60 MB; CI under 15 minutes)"
size=$(stat -c %s target/release/worthit)
awk -v b="$size" 'BEGIN { mb = b / 1e6; printf "release binary: %.1f MB, %.2fx the 60 MB target: %s\n", mb, mb / 60, (mb < 60 ? "met" : "NOT met") }'
if [ "$fresh_build" = 1 ]; then
  fresh=$(mktemp -d)
  build_started=$SECONDS
  CARGO_TARGET_DIR="$fresh" cargo test --release --locked --no-run >/dev/null 2>&1
  took=$((SECONDS - build_started))
  rm -rf "$fresh"
  awk -v s="$took" 'BEGIN { printf "fresh cargo test --release --no-run: %.1f minutes, %.2fx the 15-minute CI target (the tests, gate and quick start add about 3 minutes)\n", s / 60, s / 900 }'
fi
echo "bench/run.sh took $((SECONDS - started)) s"
