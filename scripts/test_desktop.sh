#!/usr/bin/env bash
# Desktop test: install pklx into a throwaway home, ask the desktop what pickle
# files are and who opens them, open files the way a file manager does
# (`gio open`) under a virtual X server, look at the windows, uninstall, and
# check nothing is left.
#
#   1. No file type in the system MIME database claims our globs.
#   2. `make install` with HOME, XDG_DATA_HOME and XDG_CONFIG_HOME in a
#      temporary directory (never the real home) installs every file;
#      desktop-file-validate passes on the shipped and the installed entry.
#   3. xdg-mime query filetype: a .pkl and a protocol-4 pickle with no
#      extension (magic) are application/x-python-pickle; .joblib, .pt and
#      .pth are ours too; a PNG and a text file without extension are not.
#      xdg-mime query default names io.github.pklx.desktop for all 3 types.
#   4. Under Xvfb: `gio open "my data/résumé model.pkl"` starts pklx with the
#      path intact and a window titled "Pickle Explorer — résumé model.pkl"
#      appears; a screenshot of it is not blank. `gio open` on two files gives
#      two windows; `gio launch` of the entry on two files (one launch with
#      %F, as a file manager opening a selection) gives one pklx with two.
#   5. `make uninstall`: every installed file, the mimeapps.list entries and
#      the file types are gone; only pklx's own preferences (written by the
#      app, not the installer) remain in the home.
#   6. Again in a home whose path has a space and non-ASCII ("home dir é"),
#      where the entry's Exec must quote the binary's path: install.sh,
#      validate, gio open, uninstall.sh.
#
# xdg-mime asks `gio info` for a file's type only inside a known desktop
# (XDG_CURRENT_DESKTOP); outside one it asks `file`, which knows nothing of
# shared-mime-info. The test sets XDG_CURRENT_DESKTOP=GNOME, as a desktop
# session does. It runs inside dbus-run-session (a session bus, as on a
# desktop) when that is installed; `gio open` also works without one.
#
# Needs: make, go, Xvfb, xdotool, ImageMagick, xdg-utils, shared-mime-info,
# desktop-file-utils, libglib2.0-bin (gio); installed with apt-get when run
# as root. `make desktop-test` installs them first.
# DESKTOP_KEEP=1 keeps the temporary directory (screenshots, logs);
# DESKTOP_SHOT=FILE copies the screenshot of step 4 to FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID=io.github.pklx
TYPES=(application/x-python-pickle application/x-joblib application/x-pytorch)
W=1400
H=900
WAIT=${DESKTOP_TIMEOUT:-30} # seconds for a window to appear or go

# Packages, as root; otherwise say what is missing.
PKGS=(xvfb xauth xdotool imagemagick xdg-utils shared-mime-info desktop-file-utils libglib2.0-bin dbus)
TOOLS=(Xvfb xdotool import convert identify xdg-mime gio update-mime-database update-desktop-database desktop-file-validate make)
missing_tools() {
	local t
	for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null 2>&1 || printf '%s ' "$t"; done
}
if [ -n "$(missing_tools)" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "desktop: missing $(missing_tools); installing ${PKGS[*]} with apt-get"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PKGS[@]}" >/dev/null ||
		{ apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PKGS[@]}" >/dev/null; }
fi
if [ -n "$(missing_tools)" ]; then
	echo "desktop: not found: $(missing_tools); run 'make deps-test deps-desktop' (packages: ${PKGS[*]})"
	echo "desktop: 0 passed, 1 failed"
	exit 1
fi

# A session bus for the whole test, as a desktop session has.
if [ -z "${PKLX_DESKTOP_BUS:-}" ] && command -v dbus-run-session >/dev/null 2>&1 &&
	dbus-run-session -- true 2>/dev/null; then
	# dbus-daemon's own chatter (fd limit, activating the accessibility bus
	# GTK asks for) is not the test's business.
	PKLX_DESKTOP_BUS=1 exec dbus-run-session -- "$0" "$@" 2> >(grep --line-buffered -v '^dbus-daemon\[' >&2)
fi

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	GO=/usr/local/go/bin/go
fi
# The temporary HOME must not move Go's caches (a cold build of Fyne takes
# minutes): pin them, and Go's own settings file, to the real ones.
for v in GOCACHE GOMODCACHE GOPATH GOENV; do
	export "$v=$("$GO" env "$v")"
done
stage=bin/dist/pklx-$(sed -n 's/^ *Version *= *"\([^"]*\)".*/\1/p' FyneApp.toml)-linux-$("$GO" env GOARCH)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pklx-desktop.XXXXXX")
xvfb_pid=""
summary=""
err_line=""
trap 'err_line=$LINENO' ERR
cleanup() {
	local p
	if [ -z "$summary" ]; then
		echo "FAIL the test script stopped unexpectedly${err_line:+ (line $err_line)}"
		echo "desktop: $passed passed, $((failed + 1)) failed"
	fi
	for p in $(our_pids); do kill "$p" 2>/dev/null || true; done
	# Let them exit before their folders go (a dying pklx saves preferences).
	for _ in $(seq 1 40); do [ -z "$(our_pids)" ] && break; sleep 0.25; done
	if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
	if [ "${DESKTOP_KEEP:-}" = 1 ]; then
		echo "desktop: kept $tmp"
	else
		rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp" || true; }
	fi
}
trap cleanup EXIT

passed=0
failed=0
pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1"
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/     | /'; fi
	failed=$((failed + 1))
}
info() { echo "INFO $1"; }
tail_of() { if [ -s "$1" ]; then tail -n 20 "$1"; fi; }

# our_pids: the processes running a pklx binary installed under $tmp, i.e.
# the ones this test started through gio.
our_pids() {
	find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$tmp/*" 2>/dev/null | cut -d/ -f3
}

# The throwaway desktop session's environment.
use_home() {
	export HOME=$1
	export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
	export XDG_RUNTIME_DIR=$tmp/run
	export XDG_DATA_DIRS=/usr/local/share:/usr/share XDG_CONFIG_DIRS=/etc/xdg
	mkdir -p "$HOME"
}
mkdir -m 0700 "$tmp/run"
export XDG_CURRENT_DESKTOP=GNOME
unset XDG_SESSION_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_DESKTOP_SESSION_ID
unset PREFIX DESTDIR

# Sample files.
data="$tmp/my data"
mkdir -p "$data"
pkl="$data/résumé model.pkl"
cp assets/sample.pkl "$pkl"
cp assets/sample.pkl "$data/protocol 4 pickle" # starts \x80\x04: PROTO 4
cp assets/sample.pkl "$data/second.pickle"
cp assets/sample.pkl "$data/model.joblib"
cp assets/sample.pkl "$data/weights.pt"
cp assets/sample.pkl "$data/checkpoint.pth"
cp assets/icon.png "$data/picture" # a PNG named without extension
printf 'just text\n' >"$data/notes"

# 1. Nobody else claims our extensions.
claims=$(cat /usr/share/mime/globs2 /usr/local/share/mime/globs2 2>/dev/null |
	grep -E ':\*\.(pkl|pickle|pck|joblib|pt|pth)$' || true)
if [ -z "$claims" ]; then
	pass "system MIME database: no type claims *.pkl *.pickle *.pck *.joblib *.pt *.pth"
else
	fail "system MIME database already claims some of our globs" "$claims"
fi

# 1b. The macOS and Windows association files name every extension (they
# cannot be exercised here; this only catches a file that does not parse or
# forgets a type).
if command -v python3 >/dev/null 2>&1; then
	if out=$(python3 - <<'PY' 2>&1
import plistlib, re
want = {"pkl", "pickle", "pck", "joblib", "pt", "pth"}
with open("assets/desktop/macos/Info.plist", "rb") as f:
    d = plistlib.load(f)
uti = {t["UTTypeIdentifier"]: t for t in d["UTImportedTypeDeclarations"]}
exts = {e for t in uti.values() for e in t["UTTypeTagSpecification"]["public.filename-extension"]}
handled = {c for t in d["CFBundleDocumentTypes"] for c in t["LSItemContentTypes"]}
assert exts == want, "Info.plist extensions: %s" % sorted(exts)
assert handled == set(uti), "document types %s vs declared %s" % (sorted(handled), sorted(uti))
assert d["CFBundleIdentifier"] == "io.github.pklx" and d["CFBundleExecutable"] == "pklx"
reg = open("assets/desktop/windows/pklx.reg", encoding="ascii", newline="").read()
assert reg.startswith("Windows Registry Editor Version 5.00\r\n"), "pklx.reg header or CRLF"
cmds = set()
for m in re.finditer(r"=hex\(2\):((?:[0-9a-f,]|\\\r\n  )+)", reg):
    cmds.add(bytes(int(x, 16) for x in m.group(1).replace("\\\r\n  ", "").split(",")).decode("utf-16-le"))
exe = "%LOCALAPPDATA%\\Programs\\Pickle Explorer\\pklx.exe"
assert cmds == {'"%s" "%%1"\0' % exe, "%s,0\0" % exe}, "pklx.reg commands: %r" % cmds
sup = set(re.findall(r'^"\.(\w+)"=""\r$', reg, re.M))
owp = set(re.findall(r"\\\.(\w+)\\OpenWithProgids\]", reg))
assert sup == want and owp == want, "pklx.reg SupportedTypes %s, OpenWithProgids %s" % (sorted(sup), sorted(owp))
print("Info.plist: %d imported types, %d document types; pklx.reg: %d extensions" % (len(uti), len(d["CFBundleDocumentTypes"]), len(owp)))
PY
	); then
		pass "$out"
	else
		fail "macOS/Windows association files" "$out"
	fi
else
	info "python3 not found: Info.plist and pklx.reg not checked"
fi

# 2. make install into the throwaway home.
home1=$tmp/home
use_home "$home1"
if make --no-print-directory install >"$tmp/install.log" 2>&1; then
	pass "make install (HOME=$home1)"
else
	fail "make install failed" "$(tail_of "$tmp/install.log")"
	summary=printed
	echo "desktop: $passed passed, $failed failed"
	exit 1
fi
share=$XDG_DATA_HOME
want=("$home1/.local/bin/pklx" "$share/applications/$APP_ID.desktop" "$share/mime/packages/$APP_ID.xml"
	"$share/icons/hicolor/512x512/apps/$APP_ID.png" "$share/icons/hicolor/16x16/apps/$APP_ID.png"
	"$share/icons/hicolor/scalable/apps/$APP_ID.svg")
absent=""
for f in "${want[@]}"; do [ -f "$f" ] || absent="$absent$f"$'\n'; done
nicons=$(find "$share/icons/hicolor" -name "$APP_ID.*" | wc -l)
if [ -z "$absent" ] && [ -x "$home1/.local/bin/pklx" ]; then
	pass "installed: binary, desktop entry, MIME package, $nicons icons"
else
	fail "installed files missing" "$absent"
fi
if grep -q "^Exec=$home1/.local/bin/pklx %F\$" "$share/applications/$APP_ID.desktop"; then
	pass "installed entry runs the installed binary: $(grep ^Exec= "$share/applications/$APP_ID.desktop")"
else
	fail "installed entry's Exec" "$(grep ^Exec= "$share/applications/$APP_ID.desktop" || true)"
fi
for f in assets/desktop/$APP_ID.desktop "$share/applications/$APP_ID.desktop"; do
	if out=$(desktop-file-validate "$f" 2>&1) && ! grep -qE ': (error|warning):' <<<"$out"; then
		pass "desktop-file-validate ${f#"$tmp"/}: no errors or warnings, $(grep -c ': hint:' <<<"$out" || true) hints"
		grep ': hint:' <<<"$out" | sed 's/^[^:]*: /INFO   /' || true
	else
		fail "desktop-file-validate ${f#"$tmp"/}" "$out"
	fi
done

# 3. What the desktop thinks the files are, and who opens them.
# expect_type FILE TYPE [not]: xdg-mime query filetype FILE is (or is not) TYPE.
expect_type() {
	local got
	got=$(xdg-mime query filetype "$1" 2>&1 || true)
	if { [ -z "${3:-}" ] && [ "$got" = "$2" ]; } || { [ -n "${3:-}" ] && [ "$got" != "$2" ]; }; then
		pass "filetype ${1#"$tmp"/}: $got"
	else
		fail "filetype ${1#"$tmp"/}: got '$got', want ${3:+anything but }$2"
	fi
}
expect_type "$pkl" application/x-python-pickle
expect_type "$data/protocol 4 pickle" application/x-python-pickle
expect_type "$data/second.pickle" application/x-python-pickle
expect_type "$data/model.joblib" application/x-joblib
expect_type "$data/weights.pt" application/x-pytorch
expect_type "$data/checkpoint.pth" application/x-pytorch
expect_type "$data/picture" image/png
expect_type "$data/notes" application/x-python-pickle not
for t in "${TYPES[@]}"; do
	got=$(xdg-mime query default "$t" 2>&1 || true)
	if [ "$got" = "$APP_ID.desktop" ]; then
		pass "default for $t: $got"
	else
		fail "default for $t: got '$got', want $APP_ID.desktop"
	fi
done

# 4. Open files as a file manager does, under Xvfb.
Xvfb -displayfd 5 -screen 0 "${W}x${H}x24" -nolisten tcp 5>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
if [ ! -s "$tmp/display" ]; then
	fail "Xvfb did not start" "$(tail_of "$tmp/xvfb.log")"
	summary=printed
	echo "desktop: $passed passed, $failed failed"
	exit 1
fi
DISPLAY=:$(head -n 1 "$tmp/display")
export DISPLAY

# windows NAME-REGEX: ids of the windows whose title matches.
windows() { xdotool search --name "$1" 2>/dev/null || true; }
# wait_windows N REGEX: wait until N windows match; print their ids.
wait_windows() {
	local ids=""
	for _ in $(seq 1 $((WAIT * 4))); do
		ids=$(windows "$2")
		[ "$(printf '%s' "$ids" | grep -c .)" -ge "$1" ] && break
		sleep 0.25
	done
	printf '%s' "$ids"
}
# wait_drawn ID: wait until the tree pane (left third, below the toolbar) of
# window ID has content.
wait_drawn() {
	local sd
	for _ in $(seq 1 $((WAIT * 2))); do
		if import -window "$1" "$tmp/window.png" 2>/dev/null; then
			sd=$(convert "$tmp/window.png" -crop "$((W / 3 - 20))x$((H / 2))+10+90" +repage \
				-format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
			awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }' && return 0
		fi
		sleep 0.5
	done
	return 1
}
titles() {
	local id
	for id in $(windows "Pickle Explorer"); do echo "$id: $(xdotool getwindowname "$id")"; done
}
# close_all: quit every pklx this test started (Ctrl+Q, else SIGTERM) and
# wait for their windows to go; prints how.
close_all() {
	local id p how="Ctrl+Q"
	for id in $(windows "Pickle Explorer"); do
		if xdotool windowfocus "$id" 2>/dev/null; then xdotool key --clearmodifiers ctrl+q 2>/dev/null || true; fi
		sleep 0.3
	done
	for _ in $(seq 1 20); do [ -z "$(our_pids)" ] && break; sleep 0.25; done
	for p in $(our_pids); do
		how="SIGTERM (Ctrl+Q did not end pid $p)"
		kill "$p" 2>/dev/null || true
	done
	for _ in $(seq 1 $((WAIT * 4))); do [ -z "$(windows "Pickle Explorer")" ] && break; sleep 0.25; done
	echo "$how"
}

title="Pickle Explorer — résumé model.pkl"
title_re="^Pickle Explorer — résumé model\.pkl\$"
gio open "$pkl" >"$tmp/gio-open.log" 2>&1 || fail "gio open exited non-zero" "$(tail_of "$tmp/gio-open.log")"
ids=$(wait_windows 1 "$title_re")
if [ -n "$ids" ]; then
	id=$(head -n 1 <<<"$ids")
	pid=$(xdotool getwindowpid "$id" 2>/dev/null || echo "?")
	pass "gio open: window \"$title\" (pid $pid)"
	argv=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | tail -n +2 || true)
	if [ "$argv" = "$pkl" ]; then
		pass "pklx got the path intact: $argv"
	else
		fail "pklx's arguments" "$argv"
	fi
	# The title is set when loading starts: wait until the object tree is
	# drawn (its pane is not one flat colour) before the screenshot.
	if wait_drawn "$id"; then
		pass "window drawn: the object tree shows"
	else
		fail "window not drawn within ${WAIT}s: the object tree pane is still empty"
	fi
	shot=$tmp/desktop.png
	import -window root "$shot"
	stddev=$(convert "$shot" -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
	colors=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
	if awk -v s="$stddev" 'BEGIN { exit !(s > 0.02) }' && [ "$colors" -gt 16 ]; then
		pass "screenshot $shot: stddev $stddev, $colors colours"
	else
		fail "screenshot looks blank: stddev $stddev, $colors colours"
	fi
	if [ -n "${DESKTOP_SHOT:-}" ]; then cp "$shot" "$DESKTOP_SHOT"; fi
else
	fail "gio open: no window \"$title\" within ${WAIT}s" \
		"windows: $(titles)"$'\n'"$(tail_of "$tmp/gio-open.log")"
fi
info "closed: $(close_all)"
prefs=$XDG_CONFIG_HOME/fyne/$APP_ID/preferences.json
if [ -f "$prefs" ]; then info "preferences after closing: $(cat "$prefs")"; fi

gio open "$data/second.pickle" "$data/protocol 4 pickle" >"$tmp/gio-open2.log" 2>&1 || true
ids=$(wait_windows 2 "^Pickle Explorer — (second\.pickle|protocol 4 pickle)\$")
if [ "$(printf '%s' "$ids" | grep -c .)" -eq 2 ]; then
	pass "gio open on 2 files: 2 windows ($(our_pids | grep -c .) processes)"
else
	fail "gio open on 2 files: want 2 windows" "$(titles)"
fi
info "closed: $(close_all)"

gio launch "$XDG_DATA_HOME/applications/$APP_ID.desktop" "$pkl" "$data/second.pickle" >"$tmp/gio-launch.log" 2>&1 || true
ids=$(wait_windows 2 "^Pickle Explorer — (second\.pickle|résumé model\.pkl)\$")
n=$(printf '%s' "$ids" | grep -c . || true)
procs=$(our_pids | grep -c . || true)
if [ "$n" -eq 2 ] && [ "$procs" -eq 1 ]; then
	pass "gio launch on 2 files (Exec %F): 1 process, 2 windows"
else
	fail "gio launch on 2 files: want 1 process with 2 windows, got $procs processes" "$(titles)"
fi
info "closed: $(close_all)"

# 5. make uninstall, and nothing left.
if make --no-print-directory uninstall >"$tmp/uninstall.log" 2>&1; then
	pass "make uninstall"
else
	fail "make uninstall failed" "$(tail_of "$tmp/uninstall.log")"
fi
# leftovers HOME: what is under HOME but for what others write there: the
# app's preferences (.config/fyne), Mesa's and fontconfig's caches (.cache)
# and the go command's telemetry counters (.config/go, from make install's
# build step).
leftovers() {
	find "$1" -mindepth 1 \( -path "$1/.config/fyne" -o -path "$1/.config/go" -o -path "$1/.cache" \) -prune -o -print |
		grep -v -x -F -e "$1/.config" || true
}
left=$(leftovers "$home1")
if [ -z "$left" ]; then
	pass "nothing left in the home but pklx's preferences"
else
	fail "left behind after uninstall" "$left"
fi
got=$(xdg-mime query filetype "$pkl" 2>&1 || true)
if [ "$got" != application/x-python-pickle ]; then
	pass "after uninstall, filetype of the .pkl: $got"
else
	fail "after uninstall, the .pkl is still $got"
fi
got=$(xdg-mime query default application/x-python-pickle 2>&1 || true)
if [ -z "$got" ]; then
	pass "after uninstall, no default application for application/x-python-pickle"
else
	fail "after uninstall, default application for application/x-python-pickle: $got"
fi

# 6. A home with a space and non-ASCII: the entry's Exec quotes the path.
home2="$tmp/home dir é"
use_home "$home2"
if scripts/install.sh --from "$stage" >"$tmp/install2.log" 2>&1; then
	entry=$XDG_DATA_HOME/applications/$APP_ID.desktop
	exec_line=$(grep '^Exec=' "$entry")
	if [ "$exec_line" = "Exec=\"$home2/.local/bin/pklx\" %F" ] &&
		out=$(desktop-file-validate "$entry" 2>&1) && ! grep -qE ': (error|warning):' <<<"$out"; then
		pass "install.sh in \"home dir é\": $exec_line, validates"
	else
		fail "install.sh in \"home dir é\": entry" "$exec_line"$'\n'"$out"
	fi
	got=$(gio mime application/x-python-pickle 2>&1 | sed -n 1p || true)
	case $got in
	*"$APP_ID.desktop"*) pass "gio mime: $got" ;;
	*) fail "gio mime application/x-python-pickle" "$got" ;;
	esac
	gio open "$pkl" >"$tmp/gio-open3.log" 2>&1 || true
	ids=$(wait_windows 1 "$title_re")
	# Any of our processes will do: one from an earlier step may still be
	# exiting (its binary is already uninstalled).
	started=""
	for p in $(our_pids); do
		[ "$(readlink "/proc/$p/exe")" = "$home2/.local/bin/pklx" ] && started=$p
	done
	if [ -n "$ids" ] && [ -n "$started" ]; then
		pass "gio open from \"home dir é\": \"$title\""
	else
		fail "gio open from \"home dir é\": no window" "$(titles)"$'\n'"$(tail_of "$tmp/gio-open3.log")"
	fi
	info "closed: $(close_all)"
else
	fail "install.sh in \"home dir é\" failed" "$(tail_of "$tmp/install2.log")"
fi
if scripts/uninstall.sh >"$tmp/uninstall2.log" 2>&1 && left=$(leftovers "$home2") && [ -z "$left" ]; then
	pass "uninstall.sh in \"home dir é\": nothing left"
else
	fail "uninstall.sh in \"home dir é\"" "$left"$'\n'"$(tail_of "$tmp/uninstall2.log")"
fi

summary=printed
echo "desktop: $passed passed, $failed failed (${SECONDS}s)"
[ "$failed" -eq 0 ]
