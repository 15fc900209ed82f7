#!/bin/sh
# Renders the HTML reports in headless Chromium (Debian: `apt-get install -y
# chromium`), takes screenshots, and fails when the browser console reports
# an error. Writes docs/img/matrix.png (the bundled fleet matrix) and
# docs/img/check.png (crew-dragon and iss) unless OUT_DIR says otherwise.
#
#   scripts/screenshot-html.sh            # from the repository root
#   OUT_DIR=/tmp/shots scripts/screenshot-html.sh
#
# The browser runs without network, sandbox, GPU or a profile of its own;
# the pages need none (no script, no external resource), so any console
# message at all (console.error, an uncaught exception) fails the run.
set -eu
cd "$(dirname "$0")/.."
OUT_DIR=${OUT_DIR:-docs/img}
BIN=${BIN:-target/debug/rescue-interop}
CHROMIUM=${CHROMIUM:-chromium}
mkdir -p "$OUT_DIR"
[ -x "$BIN" ] || cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" matrix specs/vehicles specs/adapters --format html --out "$work/matrix.html" || [ $? -eq 1 ]
"$BIN" check specs/vehicles/crew-dragon.toml specs/vehicles/iss.toml --format html --out "$work/check.html" || [ $? -eq 1 ]
status=0
for page in matrix check; do
    # Tall enough for the check page's two pictures and its first phase table.
    size=1280,1100
    [ "$page" = check ] && size=1280,2500
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$(mktemp -d -p "$work")" --enable-logging=stderr --v=0 \
        --hide-scrollbars --window-size=$size \
        --screenshot="$OUT_DIR/$page.png" "file://$work/$page.html" \
        > "$work/$page.log" 2>&1 || true
    if grep -E "Uncaught|:CONSOLE" "$work/$page.log"; then
        echo "$page.html: console errors" >&2
        status=1
    fi
    [ -s "$OUT_DIR/$page.png" ] || { echo "$page.html: no screenshot" >&2; status=1; }
done
exit $status
