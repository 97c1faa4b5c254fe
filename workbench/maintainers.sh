#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MAINTAINERS: the series adds its files to the existing sections that own
# the code under test and adds no people. Checked here:
#  - the MAINTAINERS changes add F: lines only (no new section, no M:/R:);
#  - every F: line the series adds matches a file;
#  - scripts/get_maintainer.pl names a maintainer from a section other than
#    THE REST for every file each patch adds, and for the files an added
#    F: line lists, that section is among them.
. "$(dirname "$0")/lib.sh"
need_applied

fail=0
added=$(git -C "$TREE" diff "$BASE_REF" "$APPLIED_REF" -- MAINTAINERS | grep '^+[^+]' || true)
if grep -v $'^+F:\t' <<<"$added" | grep -q .; then
	log "the series adds MAINTAINERS lines other than F: (new sections or people):"
	grep -v $'^+F:\t' <<<"$added" >&2
	fail=1
fi

# The section each added F: line went into: SECTION<TAB>PATTERN.
owners=$(git -C "$TREE" show "$APPLIED_REF:MAINTAINERS" | awk -v want="$(sed -n 's/^+F:\t//p' <<<"$added")" '
	BEGIN { n = split(want, w, "\n"); for (i = 1; i <= n; i++) if (w[i] != "") pat[w[i]] = 1 }
	/^[A-Z0-9]/ && !/^[A-Z]:\t/ { sec = $0 }
	/^F:\t/ { p = substr($0, 4); if (p in pat) print sec "\t" p }')

while IFS=$'\t' read -r sec pat; do
	[ -n "$pat" ] || continue
	if [ -z "$(git -C "$TREE" ls-tree -r --name-only "$APPLIED_REF" -- "$pat" | head -n 1)" ]; then
		log "MAINTAINERS ($sec): F: $pat matches no file"
		fail=1
	fi
done <<<"$owners"

n=0
for c in $(git -C "$TREE" rev-list --reverse "$BASE_REF..$APPLIED_REF"); do
	for f in $(git -C "$TREE" diff-tree -r --no-commit-id --name-only --diff-filter=A "$c"); do
		n=$((n + 1))
		out=$(cd "$TREE" && ./scripts/get_maintainer.pl --no-git --no-git-fallback -f "$f")
		maint=$(grep -E '\(maintainer:' <<<"$out" | grep -v '(maintainer:THE REST)' || true)
		if [ -z "$maint" ]; then
			log "get_maintainer.pl names no maintainer for $f ($(git -C "$TREE" log -1 --format=%s "$c"))"
			fail=1
			continue
		fi
		# A file the series lists by name or directory: one of the sections
		# it was listed in is named (the most specific match wins).
		want="" named=0
		while IFS=$'\t' read -r sec pat; do
			case $f in
			"$pat" | "${pat%/}"/*)
				want="$want \"$sec\""
				! grep -qF ":$sec)" <<<"$out" || named=1
				;;
			esac
		done <<<"$owners"
		if [ -n "$want" ] && [ "$named" -eq 0 ]; then
			log "get_maintainer.pl names none of$want for $f"
			fail=1
		fi
	done
done
[ "$fail" -eq 0 ] || die "MAINTAINERS does not cover the series' files as it should (above)"
log "MAINTAINERS: $(grep -c . <<<"$owners") F: lines in existing sections; get_maintainer.pl names a maintainer for all $n new files"
