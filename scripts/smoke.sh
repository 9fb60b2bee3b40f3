#!/usr/bin/env bash
# Smoke test: build bin/pklx, then check it end to end on the bundled sample.
#
#   1. snapshot: under Xvfb, `pklx snapshot assets/sample.pkl OUT.png --size 1400x900`
#      must exit 0 within $SMOKE_TIMEOUT seconds and write a 1400x900 PNG that
#      is not blank (pixel standard deviation and distinct colours above a floor).
#   2. dis: `pklx dis assets/sample.pkl` must print exactly assets/sample.dis,
#      CPython's `python3 -m pickletools` output (committed; no Python needed).
#
# Needs: go, xvfb-run (xvfb, xauth), ImageMagick (identify, convert), timeout.
# Run from anywhere; `make smoke` installs the system packages first.
# Set SMOKE_KEEP=1 to keep the temporary directory (screenshot, logs).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	GO=/usr/local/go/bin/go
fi

W=1400
H=900
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-120}
MIN_STDDEV=0.02 # fraction of full scale; a blank or single-colour window is ~0
MIN_COLORS=16   # text, icons and selection highlight give hundreds
SAMPLE=assets/sample.pkl

tmp=$(mktemp -d)
if [ "${SMOKE_KEEP:-}" = 1 ]; then
	echo "smoke: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

passed=0
failed=0
pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
# fail NAME [DETAIL]: DETAIL is multi-line text (a log tail, a diff), indented.
fail() {
	echo "FAIL $1"
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/     | /'; fi
	failed=$((failed + 1))
}
# tail_of FILE: the last lines of a log, for a FAIL message.
tail_of() {
	if [ -s "$1" ]; then tail -n 20 "$1"; fi
}

for tool in xvfb-run identify convert timeout; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "smoke: $tool not found; run 'make deps-test' (packages xvfb xauth imagemagick)"
		echo "smoke: 0 passed, 1 failed"
		exit 1
	fi
done

echo "smoke: building bin/pklx"
if ! "$GO" build -o bin/pklx .; then
	echo "FAIL build: go build -o bin/pklx . failed; nothing else was run"
	echo "smoke: 0 passed, 1 failed"
	exit 1
fi

# 1. snapshot of the real window under a virtual X server.
shot=$tmp/shot.png
log=$tmp/snapshot.log
set +e
timeout --kill-after=10 "$SMOKE_TIMEOUT" \
	xvfb-run -a -s "-screen 0 ${W}x${H}x24" \
	./bin/pklx snapshot "$SAMPLE" "$shot" --size "${W}x${H}" >"$log" 2>&1
rc=$?
set -e
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	fail "snapshot: timed out after ${SMOKE_TIMEOUT}s" "$(tail_of "$log")"
elif [ "$rc" -ne 0 ]; then
	fail "snapshot: pklx snapshot exited $rc" "$(tail_of "$log")"
elif [ ! -s "$shot" ]; then
	fail "snapshot: exited 0 but wrote no PNG at $shot" "$(tail_of "$log")"
else
	size=$(identify -format '%w %h' "$shot" 2>&1) || size="unreadable: $size"
	stddev=$(convert "$shot" -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
	colors=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
	if [ "$size" != "$W $H" ]; then
		fail "snapshot: image is $size, want $W $H"
	elif ! awk -v s="$stddev" -v m="$MIN_STDDEV" 'BEGIN { exit !(s > m) }'; then
		fail "snapshot: looks blank: pixel standard deviation $stddev <= $MIN_STDDEV"
	elif [ "$colors" -le "$MIN_COLORS" ]; then
		fail "snapshot: looks blank: $colors distinct colours <= $MIN_COLORS"
	else
		pass "snapshot: ${W}x${H}, stddev $stddev, $colors colours"
	fi
fi

# 2. disassembly against CPython's, byte for byte.
got=$tmp/sample.dis
set +e
./bin/pklx dis "$SAMPLE" >"$got" 2>"$tmp/dis.err"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
	fail "dis: pklx dis exited $rc" "$(tail_of "$tmp/dis.err")"
elif ! diff -u assets/sample.dis "$got" >"$tmp/dis.diff"; then
	fail "dis: output differs from assets/sample.dis (CPython pickletools)" \
		"$(head -n 40 "$tmp/dis.diff")"
else
	pass "dis: matches assets/sample.dis ($(wc -l <"$got") lines)"
fi

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
