#!/usr/bin/env bash
# Install pklx so that pickle files open in it by double-click (Linux/BSD,
# freedesktop.org desktops).
#
#   install.sh [--from DIR] [--prefix DIR] [--destdir DIR]
#
# DIR (--from) is a staged tree: bin/pklx, share/applications/io.github.pklx.desktop,
# share/mime/packages/io.github.pklx.xml and share/icons/hicolor/*/apps/io.github.pklx.*.
# `make stage` builds one in bin/dist/; the release tarball (`make package-linux`)
# is one, with this script at its top, which is the default for --from.
#
# Where it goes:
#   no prefix (default)  this user: ~/.local/bin and ${XDG_DATA_HOME:-~/.local/share};
#                        pklx is also made the default application for its types
#                        (xdg-mime default, written to ${XDG_CONFIG_HOME:-~/.config}/mimeapps.list).
#   --prefix /usr/local  everyone: PREFIX/bin and PREFIX/share (run as root). The default
#                        application is left to each user; with no other application
#                        claiming these types, pklx is the one the desktop picks.
#   --destdir D          stage under D (for distribution packages): nothing is
#                        registered and no cache is updated.
# PREFIX and DESTDIR may also come from the environment (as `make install` passes them).
#
# Then it runs update-mime-database, update-desktop-database and, where an icon
# cache already exists, gtk-update-icon-cache, each only if installed. Every path
# is quoted: spaces and non-ASCII characters in any of them are fine.
# scripts/uninstall.sh (uninstall.sh in the tarball) undoes all of it.
set -euo pipefail

APP_ID=io.github.pklx
TYPES=(application/x-python-pickle application/x-joblib application/x-pytorch)

say() { printf 'install: %s\n' "$*"; }
die() {
	printf 'install: %s\n' "$*" >&2
	exit 1
}

from=""
prefix=${PREFIX:-}
destdir=${DESTDIR:-}
while [ $# -gt 0 ]; do
	case $1 in
	--from) from=${2:?--from needs a directory}; shift 2 ;;
	--from=*) from=${1#*=}; shift ;;
	--prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
	--prefix=*) prefix=${1#*=}; shift ;;
	--destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
	--destdir=*) destdir=${1#*=}; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
if [ -z "$from" ]; then
	from=$(dirname -- "$0")
fi

desktop_src=$from/share/applications/$APP_ID.desktop
mime_src=$from/share/mime/packages/$APP_ID.xml
for f in "$from/bin/pklx" "$desktop_src" "$mime_src"; do
	[ -f "$f" ] || die "missing $f: --from must name a staged tree (make stage, or the unpacked tarball)"
done

# abs PATH: PATH made absolute against the current directory.
abs() {
	case $1 in
	/*) printf '%s' "$1" ;;
	*) printf '%s/%s' "$PWD" "$1" ;;
	esac
}

if [ -n "$prefix" ]; then
	mode=system
	prefix=$(abs "$prefix")
	bindir=$prefix/bin
	datadir=$prefix/share
else
	mode=user
	[ -n "${HOME:-}" ] || die "HOME is not set; set it, or give --prefix"
	bindir=$HOME/.local/bin
	# The XDG base directory spec says to ignore a relative XDG_DATA_HOME.
	case ${XDG_DATA_HOME:-} in
	/*) datadir=$XDG_DATA_HOME ;;
	*) datadir=$HOME/.local/share ;;
	esac
fi
case "$bindir$datadir$destdir" in
*$'\n'*) die "a newline in an install path is not supported" ;;
esac
root=$destdir # prepended to every path written

# desktop_exec PATH: PATH as the program of a desktop entry's Exec key: bare
# when it has no reserved character, else double-quoted with ", `, $ and \
# escaped (desktop entry spec, "The Exec key"); then \ is doubled again
# because Exec is also a string value, and % is written %%.
desktop_exec() {
	local p=$1
	case $p in
	*[!A-Za-z0-9_/.+,:@=-]*)
		p=${p//\\/\\\\}
		p=${p//\"/\\\"}
		p=${p//\`/\\\`}
		p=${p//\$/\\\$}
		p="\"$p\""
		p=${p//\\/\\\\}
		;;
	esac
	printf '%s' "${p//%/%%}"
}

say "installing for $([ "$mode" = user ] && echo "this user ($(id -un))" || echo "everyone (prefix $prefix)")${destdir:+, staged under $destdir}"

install -D -m 0755 -- "$from/bin/pklx" "$root$bindir/pklx"
say "  $root$bindir/pklx"

# The shipped entry runs "pklx %F" from PATH. A desktop session's PATH has
# /usr/bin and /usr/local/bin but often not ~/.local/bin (Debian's ~/.profile
# adds it only if it existed at login), so anywhere else the entry names the
# installed binary by its absolute path.
case $bindir in
/usr/bin | /usr/local/bin | /bin) exec_prog=pklx ;;
*) exec_prog=$(desktop_exec "$bindir/pklx") ;;
esac
desktop_dst=$root$datadir/applications/$APP_ID.desktop
mkdir -p -- "$(dirname -- "$desktop_dst")"
PKLX_EXEC="$exec_prog %F" awk '/^Exec=/ { print "Exec=" ENVIRON["PKLX_EXEC"]; next } { print }' \
	"$desktop_src" >"$desktop_dst.tmp"
chmod 0644 "$desktop_dst.tmp"
mv -f -- "$desktop_dst.tmp" "$desktop_dst"
say "  $desktop_dst (Exec=$exec_prog %F)"

install -D -m 0644 -- "$mime_src" "$root$datadir/mime/packages/$APP_ID.xml"
say "  $root$datadir/mime/packages/$APP_ID.xml"

icons=0
if [ -d "$from/share/icons/hicolor" ]; then
	while IFS= read -r -d '' f; do
		rel=${f#"$from/share/icons/"}
		install -D -m 0644 -- "$f" "$root$datadir/icons/$rel"
		icons=$((icons + 1))
	done < <(find "$from/share/icons/hicolor" -type f -name "$APP_ID.*" -print0)
fi
say "  $icons icons in $root$datadir/icons/hicolor"

if [ -n "$destdir" ]; then
	say "staged under $destdir: caches not updated, no default application set"
	exit 0
fi

# have CMD: whether CMD is installed.
have() { command -v "$1" >/dev/null 2>&1; }

if have update-mime-database; then
	update-mime-database "$datadir/mime"
	say "updated the MIME database in $datadir/mime"
else
	say "update-mime-database not found (package shared-mime-info): the file types take effect once it runs"
fi
if have update-desktop-database; then
	update-desktop-database -q "$datadir/applications"
	say "updated $datadir/applications/mimeinfo.cache"
else
	say "update-desktop-database not found (package desktop-file-utils): skipped; desktops rescan by themselves"
fi
# An icon cache is only refreshed where one exists or where the theme's
# index is (a theme root such as /usr/share/icons/hicolor): a cache made in
# ~/.local/share/icons/hicolor would go stale when other programs add icons
# without refreshing it, and hide them.
hicolor=$datadir/icons/hicolor
if [ -f "$hicolor/icon-theme.cache" ] || [ -f "$hicolor/index.theme" ]; then
	if have gtk-update-icon-cache; then
		gtk-update-icon-cache -q -f -t -- "$hicolor" || say "gtk-update-icon-cache failed (icons still work, found without the cache)"
	fi
else
	touch -- "$hicolor" # running desktops notice the new icons by the directory's time
fi

if [ "$mode" = user ]; then
	if have xdg-mime; then
		xdg-mime default "$APP_ID.desktop" "${TYPES[@]}"
		say "default application for ${TYPES[*]}: $APP_ID.desktop (xdg-mime)"
	elif have gio; then
		for t in "${TYPES[@]}"; do gio mime "$t" "$APP_ID.desktop" >/dev/null; done
		say "default application for ${TYPES[*]}: $APP_ID.desktop (gio mime)"
	else
		say "neither xdg-mime (xdg-utils) nor gio found: pklx is not set as the default application;"
		say "it is still the only one registered for these types, so desktops pick it"
	fi
	case ":$PATH:" in
	*":$bindir:"*) ;;
	*) say "note: $bindir is not on your PATH; add it to run pklx from a terminal (double-click works without)" ;;
	esac
fi
say "done: double-click a .pkl, .pickle, .pck, .joblib, .pt or .pth file to open it in Pickle Explorer"
