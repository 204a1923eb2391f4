#!/bin/sh
# Renders RUN_DIR/report.html in headless Chromium to a PNG screenshot, to check by eye (or in a
# test) that the page a manager opens looks right on a machine with nothing but a browser.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 RUN_DIR OUT.png" >&2
    exit 2
fi
run_dir=$1
out=$2
if [ ! -f "$run_dir/report.html" ]; then
    echo "$0: $run_dir/report.html does not exist" >&2
    exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "$0: chromium is not installed (Debian: apt-get install chromium)" >&2
    exit 3
fi
page=$(cd "$run_dir" && pwd)/report.html
case $out in
    /*) target=$out ;;
    *) target=$(pwd)/$out ;;
esac
# A fresh private profile keeps runs independent of (and from touching) any user profile.
# --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
# The --disable-* and --no-first-run flags keep a headless Chromium from reaching the network
# (QUIC, component updates, sync, background requests) and from first-run setup, which in a
# container without network or GPU only delay or hang the screenshot.
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$target"
status=0
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size=1280,2400 \
    --screenshot="$target" "file://$page" >"$log" 2>&1 || status=$?
if [ ! -s "$target" ]; then
    echo "$0: chromium (exit $status) wrote no screenshot to $target; its output:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
