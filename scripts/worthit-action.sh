#!/usr/bin/env bash
# The gate step of the worthit GitHub Action (action.yml at the repository root): run worthit on
# the data, compare the new run with a committed reference run, write the Markdown comparison to
# the job summary, set the step's outputs, and fail on a loss (exit 1) or bad input (exit 2).
#
# Everything comes from the environment, so worthit's own tests run this
# very script locally (tests/it/action.rs) with the freshly built binary:
#   WORTHIT_DATA          data file or dataset folder (required)
#   WORTHIT_BASELINE      reference run: a run folder or its results.json (required)
#   WORTHIT_ARGS          extra flags for `worthit run`, split on whitespace, e.g.
#                         "--trials 0 --max-loss 5 --inconclusive-ok" (no quoting: values
#                         with spaces are not supported)
#   WORTHIT_OUT           run folder to write (default: $RUNNER_TEMP/worthit-run)
#   WORTHIT_FAIL_ON_INCONCLUSIVE  "true" fails the step on exit 3 (inconclusive) too
#   WORTHIT               the worthit command (default: worthit on PATH)
#   RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  as GitHub sets them
#
# Outputs: verdict (pass, fail, inconclusive or error), exit-code (worthit's), markdown (the
# comparison's file, for a pull-request comment) and run-folder.
# Exit: 1 when worthit exited 1 (fail) or with anything but 0, 1 or 3 (bad input is 2), or 3
# under WORTHIT_FAIL_ON_INCONCLUSIVE=true; else 0.
set -euo pipefail

: "${WORTHIT_DATA:?set the action's data input}"
: "${WORTHIT_BASELINE:?set the action's baseline input}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
worthit=${WORTHIT:-worthit}
out=${WORTHIT_OUT:-"$RUNNER_TEMP/worthit-run"}
markdown="$RUNNER_TEMP/worthit-compare.md"
errors="$RUNNER_TEMP/worthit-errors.txt"

# Split the extra flags on whitespace, without glob expansion or evaluation.
extra=()
if [ -n "${WORTHIT_ARGS:-}" ]; then
  read -r -a extra <<<"$WORTHIT_ARGS"
fi

set +e
"$worthit" run "$WORTHIT_DATA" --out "$out" --quiet --compare-to "$WORTHIT_BASELINE" \
  ${extra[@]+"${extra[@]}"} --format markdown >"$markdown" 2>"$errors"
code=$?
set -e

case "$code" in
  0 | 1 | 3)
    # The comparison's first line is "### worthit compare: VERDICT".
    verdict=$(sed -n '1s/^### worthit compare: \([a-z]*\)$/\1/p' "$markdown")
    verdict=${verdict:-error}
    ;;
  *)
    verdict=error
    {
      echo "### worthit compare: error"
      echo
      echo "\`worthit run\` exited $code:"
      echo
      echo '````'
      cat "$errors"
      echo '````'
    } >"$markdown"
    ;;
esac

cat "$markdown"
cat "$errors" >&2
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
fi
{
  echo "verdict=$verdict"
  echo "exit-code=$code"
  echo "markdown=$markdown"
  echo "run-folder=$out"
} >>"$GITHUB_OUTPUT"

if [ "$code" = 3 ] && [ "${WORTHIT_FAIL_ON_INCONCLUSIVE:-false}" = true ]; then
  echo "worthit: the comparison is inconclusive (exit 3) and fail-on-inconclusive is true" >&2
  exit 1
fi
case "$code" in
  0 | 3) exit 0 ;;
  *)
    echo "worthit: exit $code ($verdict): failing the step" >&2
    exit 1
    ;;
esac
