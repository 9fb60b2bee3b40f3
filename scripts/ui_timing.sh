#!/usr/bin/env bash
# UI-thread timing of the real window on a big list pickle, under Xvfb.
#
#   scripts/ui_timing.sh BIN FILE [RUNS]
#
# BIN is a pklx binary (go build -o /tmp/pklx .), FILE a pickle whose root
# is a list of a million items, e.g. W1:
#
#   python3 -c "import pickle; pickle.dump([{'id':i,'name':'n%d'%i,'score':i*0.5,
#     'tags':['a','b']} for i in range(1000000)], open('/tmp/w1.pkl','wb'), protocol=4)"
#
# Each run starts pklx with PKLX_DEBUG_TIMING=1 in a 1400x900 Xvfb screen
# (Mesa's llvmpipe paints it) with a throwaway preferences folder, so that the
# window opens at 1400x900 and the clicks below land on the rows named, and
# drives it with xdotool: the load (which opens and selects the root),
# collapse and expand the root, select and open the group [1000 … 1999],
# select rows in it, click a trace row, Ctrl+End, Alt+Left, page through the
# trace (each page selects the op at the cursor) and the hex view (each page
# is 16 new rows) five times each. For every step it
# prints the largest "ui-thread latency" seen (how late a fyne.Do queued every
# 20 ms ran: the longest time the UI thread was busy, painting included) and
# the step's "(until idle)" figures; the load's also says how long the
# window's decodeFile took (decode, trace index, safety scan and the tree's
# top level, off the UI thread). The figures depend on the machine's
# load: say what it was (the script prints the load average) when quoting them.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 BIN FILE [RUNS]" >&2
	exit 2
fi
BIN=$(realpath "$1")
FILE=$(realpath "$2")
RUNS=${3:-1}
for tool in xvfb-run xdotool; do
	command -v $tool >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/run.sh" <<'EOF'
#!/usr/bin/env bash
set -u
BIN=$1 FILE=$2 LOG=$3
export XDG_CONFIG_HOME=$(dirname "$LOG")/config
rm -rf "$XDG_CONFIG_HOME"
PKLX_DEBUG_TIMING=1 "$BIN" "$FILE" 2>"$LOG" &
pid=$!
# Wait for the window, then for the decode to be applied and painted.
for _ in $(seq 100); do
	xdotool search --name "Pickle Explorer" >/dev/null 2>&1 && break
	sleep 0.1
done
# The root is selected once the first rows show (a preview of a big file
# while it decodes, or the decoded file); the decode of W1 ends a couple of
# seconds later.
for _ in $(seq 120); do
	grep -q "tree select (until idle)" "$LOG" && break
	sleep 0.25
done
sleep 5
summ() { # name, first log line
	tail -n +"$(($2 + 1))" "$LOG" | grep "^pklx timing" >"$LOG.step" || true
	idle=$(grep -o '[a-zA-Z .]*(until idle) took [0-9.]*' "$LOG.step" | sed 's/ (until idle) took /=/' | tr '\n' ' ')
	lat=$(grep -o 'latency took [0-9.]*' "$LOG.step" | awk '{print $3}' | sort -n | tail -1)
	load=$(grep -o 'decodeFile (a goroutine) took [0-9.]*' "$LOG.step" | awk '{print " decodeFile=" $NF}')
	printf "  %-42s max latency %-8s %s%s\n" "$1" "${lat:-<16}" "$idle" "$load"
}
summ "load (decode, open and select the root)" 0
step() {
	local name=$1
	shift
	local n
	n=$(wc -l <"$LOG")
	xdotool "$@"
	sleep 2.5
	summ "$name" "$n"
}
step "collapse the root" mousemove 18 89 click 1
step "expand the root (1000 groups)" mousemove 18 89 click 1
step "select the group [1000 … 1999]" mousemove 200 166 click 1
step "expand that group" mousemove 42 166 click 1
step "select a row in it" mousemove 250 205 click 1
step "select another row" mousemove 250 245 click 1
step "click a trace row" mousemove 750 460 click 1
step "Ctrl+End (the last op)" key ctrl+End
step "Alt+Left (back)" key alt+Left
step "5 x PageDown in the trace" mousemove 750 400 click 1 key --delay 500 Next Next Next Next Next
step "5 x PageDown in the hex view" mousemove 700 700 click 1 key --delay 500 Next Next Next Next Next
xdotool key ctrl+q
sleep 1.5
kill "$pid" 2>/dev/null || true
EOF
chmod +x "$work/run.sh"

for i in $(seq "$RUNS"); do
	echo "run $i of $(basename "$BIN") on $(basename "$FILE"), load average $(cut -d' ' -f1-3 /proc/loadavg):"
	xvfb-run -a -s '-screen 0 1400x900x24' "$work/run.sh" "$BIN" "$FILE" "$work/log"
done
