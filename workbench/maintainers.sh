#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/get_maintainer.pl must name the series' MAINTAINERS entry for
# every file each patch adds.
. "$(dirname "$0")/lib.sh"
need_applied

# The section the series adds to MAINTAINERS.
section=$(git -C "$TREE" diff "$BASE_REF" "$APPLIED_REF" -- MAINTAINERS |
	awk '/^\+[A-Z0-9]/ && !/^\+[A-Z]:\t/ { sub(/^\+/, ""); print; exit }')
[ -n "$section" ] || die "the series adds no MAINTAINERS section"
fail=0 n=0
for c in $(git -C "$TREE" rev-list --reverse "$BASE_REF..$APPLIED_REF"); do
	for f in $(git -C "$TREE" diff-tree -r --no-commit-id --name-only --diff-filter=A "$c"); do
		n=$((n + 1))
		if ! (cd "$TREE" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections -f "$f") | grep -xF "$section" >/dev/null; then
			log "get_maintainer.pl does not name \"$section\" for $f ($(git -C "$TREE" log -1 --format=%s "$c"))"
			fail=1
		fi
	done
done
[ "$fail" -eq 0 ] || die "MAINTAINERS does not cover every new file (above)"
log "get_maintainer.pl names \"$section\" for all $n new files"
