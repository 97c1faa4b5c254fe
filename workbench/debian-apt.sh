#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Download Debian packages from suites the machine's own apt sources do not
# list (unstable, experimental), with a private apt configuration under
# $WORK/apt: its own sources list, state and cache. The system's apt
# configuration is only read (the mirror URI its sources use, and its
# apt.conf settings, which apply here too), never changed.
#
#   debian-apt.sh download DIR PACKAGE...   the newest version of each
#                                           package into DIR (.deb files)
#   debian-apt.sh version PACKAGE           the version it would download
#   debian-apt.sh depends PACKAGE           the packages its newest version
#                                           depends on, one per line
#   debian-apt.sh source DIR PACKAGE        the newest source package's
#                                           files (.dsc, tarballs) into DIR
#   debian-apt.sh mirror                    the mirror URI (for fresh.sh)
#
# DEBIAN_RELEASE=experimental (say) prefers that suite's versions, as
# apt-get -t does; without it experimental's are never the newest.
# DEBIAN_ARCH=arm64 (say) takes another architecture's packages (vm.sh:
# the guest's busybox; kernels.sh: Debian's arm64 kernel), and
# DEBIAN_SUITES="bookworm" (say) other suites (kernels.sh: bookworm's
# arm64 kernel, which the machine's amd64 sources do not list).
#
# The package lists are fetched once a day; a list older than that is
# refreshed, and an unreachable archive with a list already here is only
# a note.
. "$(dirname "$0")/lib.sh"

SUITES=${DEBIAN_SUITES:-unstable experimental}
# One configuration per architecture and set of suites.
APT_DIR=$WORK/apt${DEBIAN_ARCH:+-$DEBIAN_ARCH}
[ "$SUITES" = "unstable experimental" ] || APT_DIR=$APT_DIR-${SUITES// /-}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The URI of the main Debian archive in the machine's own apt sources
# (deb822 .sources files or one-line sources.list), not the security one.
mirror_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /=/ && $i !~ /\]$/) { print $i; break } }' "$f"
	done
}

uri=$(mirror_uri | grep -E '^(https?|file)://' | grep -v -- '-security' |
	grep -E '/debian/?$' | head -n 1)
[ -n "$uri" ] || die "no Debian archive URI in /etc/apt/sources.list or /etc/apt/sources.list.d/: the workbench fetches $SUITES from the mirror your apt already uses; set KDIR=<kernel tree> to skip the download"
[ -r "$KEYRING" ] || "$WB/deps.sh" "debian-archive-keyring:$KEYRING"

mkdir -p "$APT_DIR"/{etc/sources.list.d,etc/preferences.d,lists/partial,cache/archives/partial}
: >"$APT_DIR/status"
for s in $SUITES; do
	echo "deb [signed-by=$KEYRING] $uri $s main"
	echo "deb-src [signed-by=$KEYRING] $uri $s main"
done >"$APT_DIR/etc/sources.list.new"
mv "$APT_DIR/etc/sources.list.new" "$APT_DIR/etc/sources.list"

apt_opts=(-o Dir::Etc::SourceList="$APT_DIR/etc/sources.list"
	  -o Dir::Etc::SourceParts="$APT_DIR/etc/sources.list.d"
	  -o Dir::Etc::Preferences="$APT_DIR/etc/preferences"
	  -o Dir::Etc::PreferencesParts="$APT_DIR/etc/preferences.d"
	  -o Dir::State::Lists="$APT_DIR/lists"
	  -o Dir::State::status="$APT_DIR/status"
	  -o Dir::Cache="$APT_DIR/cache"
	  -o Debug::NoLocking=1
	  -o APT::Sandbox::User=root)
[ -z "${DEBIAN_RELEASE:-}" ] || apt_opts+=(-o APT::Default-Release="$DEBIAN_RELEASE")
[ -z "${DEBIAN_ARCH:-}" ] ||
	apt_opts+=(-o APT::Architecture="$DEBIAN_ARCH" -o APT::Architectures="$DEBIAN_ARCH")

update() {
	local stamp=$APT_DIR/lists/.updated
	if [ -f "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ] &&
		[ "$(cat "$stamp")" = "$uri $SUITES src" ]; then
		return 0
	fi
	log "debian: fetching the package lists of $SUITES"
	if apt-get "${apt_opts[@]}" -q update >"$APT_DIR/update.log" 2>&1 &&
		! grep -qE '^(W|E): ' "$APT_DIR/update.log"; then
		echo "$uri $SUITES src" >"$stamp"
	elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$uri $SUITES src" ]; then
		log "note: could not refresh the package lists of $SUITES (see $APT_DIR/update.log); using the ones from $(date -r "$stamp" +%F)"
	else
		sed 's/^/  /' "$APT_DIR/update.log" >&2
		die "could not fetch the package lists of $SUITES from the Debian archive (no network?); set KDIR=<kernel tree> to use a tree you have"
	fi
}

candidate() {
	apt-cache "${apt_opts[@]}" policy "$1" 2>/dev/null |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

cmd=${1:-}
shift || true
case $cmd in
mirror)
	echo "$uri"
	;;
version)
	update
	candidate "$1"
	;;
depends)
	update
	v=$(candidate "$1")
	[ -n "$v" ] || exit 0
	apt-cache "${apt_opts[@]}" depends "$1=$v" 2>/dev/null |
		awk '$1 == "Depends:" && $2 !~ /^</ { print $2 }'
	;;
download)
	dir=$1
	shift
	update
	mkdir -p "$dir"
	for p in "$@"; do
		[ -n "$(candidate "$p")" ] ||
			die "package $p is not in Debian $SUITES (any more): set KDIR=<kernel tree> to use a tree you have"
	done
	(cd "$dir" && apt-get "${apt_opts[@]}" -q download "$@") >"$APT_DIR/download.log" 2>&1 ||
		{ sed 's/^/  /' "$APT_DIR/download.log" >&2; die "downloading $* failed (see above)"; }
	;;
source)
	dir=$1
	update
	mkdir -p "$dir"
	(cd "$dir" && apt-get "${apt_opts[@]}" -q source --download-only "$2") >"$APT_DIR/download.log" 2>&1 ||
		{ sed 's/^/  /' "$APT_DIR/download.log" >&2; die "downloading the source of $2 failed (see above)"; }
	;;
*)
	die "usage: debian-apt.sh download DIR PACKAGE... | version PACKAGE | depends PACKAGE | source DIR PACKAGE | mirror"
	;;
esac
