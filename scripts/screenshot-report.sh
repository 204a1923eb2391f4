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
# A private profile keeps runs independent of (and from touching) any user profile.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,2400 \
    --screenshot="$target" "file://$page" >/dev/null 2>&1
if [ ! -s "$target" ]; then
    echo "$0: chromium wrote no screenshot to $target" >&2
    exit 1
fi
