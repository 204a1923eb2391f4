#!/usr/bin/env bash
# Checks `pip install .` once, as a user would: a fresh virtual environment, pip builds worthit
# from this checkout with maturin (pyproject.toml; a full release build of the crate, polars
# included), then the installed `worthit` answers --version and runs a shipped dataset.
# Prints the build time. Not part of `cargo test` (the build takes a quarter of an hour or more).
#
# Needs python3 with venv (Debian: apt-get install python3-venv), cargo, and PyPI (for maturin)
# and crates.io (for the crates) reachable. Leaves nothing in the checkout: the venv, cargo's
# build folder and the run folder live in a temporary folder (or $WORKDIR), removed at the end
# unless KEEP=1.
#
#   bash scripts/check-pip-install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

work=${WORKDIR:-$(mktemp -d)}
mkdir -p "$work"
if [ "${KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi
echo "== fresh venv in $work/venv"
python3 -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
python -m pip install --quiet --upgrade pip

echo "== pip install . (maturin builds the release binary)"
# Its own cargo build folder, so nothing is reused from an earlier build.
export CARGO_TARGET_DIR="$work/target"
start=$(date +%s)
python -m pip install "$repo"
end=$(date +%s)
build=$((end - start))

echo "== the installed worthit"
installed=$(command -v worthit)
case "$installed" in
  "$work/venv/bin/worthit") ;;
  *) echo "worthit resolves to $installed, not the venv's" >&2; exit 1 ;;
esac
version=$(worthit --version)
expected="worthit $(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)"
if [ "$version" != "$expected" ]; then
  echo "worthit --version says '$version', expected '$expected'" >&2
  exit 1
fi
echo "$version"

echo "== worthit run datasets/german-credit --trials 2"
(cd "$work" && worthit run "$repo/datasets/german-credit" --trials 2 --out run --quiet --format json >run.json)
python - "$work/run.json" "$work/run/results.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
results = json.load(open(sys.argv[2]))
assert summary["dataset"] == results["dataset"]["name"] == "german-credit", summary
assert summary["trials_done"] == 2, summary
print("run ok:", summary["verdict"], "-", summary["recommendation"]["model"]["sentence"])
PY

echo "== pip uninstall worthit"
python -m pip uninstall --yes --quiet worthit
if [ -e "$work/venv/bin/worthit" ]; then
  echo "pip uninstall left $work/venv/bin/worthit behind" >&2
  exit 1
fi
echo "pip install check passed: build and install took ${build} s on $(nproc) cores"
