#!/usr/bin/env bash
# Undo install.sh: remove pklx, its desktop entry, file types and icons, and
# (for a per-user install) its default-application entries.
#
#   uninstall.sh [--prefix DIR] [--destdir DIR]
#
# Give the same --prefix (or PREFIX) and --destdir (or DESTDIR) as to install.sh;
# none means this user's install (~/.local/bin, ${XDG_DATA_HOME:-~/.local/share}).
# Only pklx's own files are removed, plus directories and generated caches that
# are left with nothing else in them; mimeapps.list keeps every other line.
set -euo pipefail

APP_ID=io.github.pklx

say() { printf 'uninstall: %s\n' "$*"; }
die() {
	printf 'uninstall: %s\n' "$*" >&2
	exit 1
}

prefix=${PREFIX:-}
destdir=${DESTDIR:-}
while [ $# -gt 0 ]; do
	case $1 in
	--prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
	--prefix=*) prefix=${1#*=}; shift ;;
	--destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
	--destdir=*) destdir=${1#*=}; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

if [ -n "$prefix" ]; then
	mode=system
	case $prefix in /*) ;; *) prefix=$PWD/$prefix ;; esac
	bindir=$prefix/bin
	datadir=$prefix/share
else
	mode=user
	[ -n "${HOME:-}" ] || die "HOME is not set; set it, or give --prefix"
	bindir=$HOME/.local/bin
	case ${XDG_DATA_HOME:-} in
	/*) datadir=$XDG_DATA_HOME ;;
	*) datadir=$HOME/.local/share ;;
	esac
fi
root=$destdir

have() { command -v "$1" >/dev/null 2>&1; }
removed=0
# rm_file PATH: remove PATH if it is there.
rm_file() {
	if [ -e "$1" ] || [ -L "$1" ]; then
		rm -f -- "$1"
		say "  removed $1"
		removed=$((removed + 1))
	fi
}
# prune DIR STOP: remove DIR and then its parents while they are empty,
# stopping at STOP (never removed).
prune() {
	local d=$1
	while [ "$d" != "$2" ] && [ "${d#"$2"/}" != "$d" ] && [ -d "$d" ]; do
		rmdir -- "$d" 2>/dev/null || return 0
		d=$(dirname -- "$d")
	done
}

rm_file "$root$bindir/pklx"
rm_file "$root$datadir/applications/$APP_ID.desktop"
rm_file "$root$datadir/mime/packages/$APP_ID.xml"
hicolor=$root$datadir/icons/hicolor
if [ -d "$hicolor" ]; then
	for d in "$hicolor"/*/apps; do
		[ -d "$d" ] || continue
		rm_file "$d/$APP_ID.png"
		rm_file "$d/$APP_ID.svg"
		prune "$d" "$root$datadir"
	done
fi

if [ -z "$destdir" ]; then
	# Default-application entries: drop io.github.pklx.desktop from every
	# key of every section (xdg-mime and gio write [Default Applications]
	# and [Added Associations]), drop keys left empty, and delete a file left
	# with no keys at all.
	unregister() {
		local f=$1
		[ -f "$f" ] || return 0
		grep -q "$APP_ID\.desktop" -- "$f" || return 0
		awk -v app="$APP_ID.desktop" '
			/^[[:space:]]*(#|\[|$)/ { print; next }
			{
				i = index($0, "=")
				if (i == 0) { print; next }
				n = split(substr($0, i + 1), v, ";")
				out = ""
				for (k = 1; k <= n; k++)
					if (v[k] != "" && v[k] != app) out = out v[k] ";"
				if (out != "") print substr($0, 1, i) out
			}' "$f" >"$f.pklx-tmp"
		if grep -q '^[^#[]*=' "$f.pklx-tmp"; then
			cat "$f.pklx-tmp" >"$f"
			say "  removed $APP_ID.desktop from $f"
		else
			rm -f -- "$f"
			say "  removed $f (it held only pklx's entries)"
		fi
		rm -f -- "$f.pklx-tmp"
	}
	if [ "$mode" = user ]; then
		case ${XDG_CONFIG_HOME:-} in
		/*) confdir=$XDG_CONFIG_HOME ;;
		*) confdir=$HOME/.config ;;
		esac
		unregister "$confdir/mimeapps.list"
		unregister "$datadir/applications/mimeapps.list" # the deprecated location some tools still use
	fi

	if have update-mime-database && [ -d "$datadir/mime" ]; then
		if [ -n "$(find "$datadir/mime/packages" -mindepth 1 -maxdepth 1 2>/dev/null | head -n 1)" ]; then
			update-mime-database "$datadir/mime"
			say "updated the MIME database in $datadir/mime"
		else
			# No source package left: the database is generated from nothing,
			# so remove the files update-mime-database writes, and the
			# directory if that empties it.
			for f in aliases generic-icons globs globs2 icons magic mime.cache subclasses treemagic types version XMLnamespaces; do
				rm -f -- "$datadir/mime/$f"
			done
			find "$datadir/mime" -mindepth 2 -maxdepth 2 -type f -name '*.xml' -delete 2>/dev/null || true
			find "$datadir/mime" -mindepth 1 -type d -empty -delete 2>/dev/null || true
			rmdir -- "$datadir/mime" 2>/dev/null || true
			say "removed the MIME database in $datadir/mime (no file types left in it)"
		fi
	fi
	if [ -d "$datadir/applications" ]; then
		if [ -n "$(find "$datadir/applications" -name '*.desktop' -print -quit)" ]; then
			if have update-desktop-database; then
				update-desktop-database -q "$datadir/applications"
				say "updated $datadir/applications/mimeinfo.cache"
			fi
		else
			rm -f -- "$datadir/applications/mimeinfo.cache"
			rmdir -- "$datadir/applications" 2>/dev/null || true
		fi
	fi
	if [ -f "$datadir/icons/hicolor/icon-theme.cache" ] && have gtk-update-icon-cache; then
		gtk-update-icon-cache -q -f -t -- "$datadir/icons/hicolor" || true
	fi
fi
# A per-user install may have made ~/.local/bin, ~/.local/share and (through
# xdg-mime) ~/.config: remove them (and ~/.local) only if nothing else is in
# them. Never system directories.
if [ "$mode" = user ]; then
	prune "$root$bindir" "$root$HOME"
	prune "$root$datadir" "$root$HOME"
	if [ -z "$destdir" ]; then prune "$confdir" "$HOME"; fi
fi
say "done: removed $removed files"
