#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the series as mails (git format-patch --cover-letter, with the
# base-commit) to $OUT/series, check every patch with checkpatch.pl --strict,
# and check that git am of the mails onto a fresh baseline reproduces the
# overlay exactly.
. "$(dirname "$0")/lib.sh"
need_applied

dest=$OUT/series
rm -rf "$dest"
mkdir -p "$dest"

git -C "$TREE" format-patch -q --cover-letter --base="$(git -C "$TREE" rev-parse "$BASE_REF")" \
	-o "$dest" "$BASE_REF..$APPLIED_REF"
# The cover letter: series/00-cover-letter is "Subject: ..." then the body.
python3 "$WB/series.py" cover "$dest/0000-cover-letter.patch"

# To: the maintainers get_maintainer.pl names for a patch, Cc: its
# reviewers and lists; the cover letter goes to all of them. git am and b4
# ignore the headers; git send-email sends to them.
addresses() { # PATCH get_maintainer.pl-options...
	local p=$1
	shift
	(cd "$TREE" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --norolestats \
		--no-multiline --separator ', ' "$@" "$p")
}
all_to="" all_cc=""
for p in "$dest"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	to=$(addresses "$p" --m --no-r --no-l)
	cc=$(addresses "$p" --no-m --r --l)
	[ -n "$to" ] || die "get_maintainer.pl names no maintainer for $(basename "$p")"
	python3 "$WB/series.py" headers "$p" "$to" "$cc"
	all_to="$all_to${all_to:+, }$to" all_cc="$all_cc${all_cc:+, }$cc"
done
python3 "$WB/series.py" headers "$dest/0000-cover-letter.patch" "$all_to" "$all_cc"
log "series: $(ls "$dest" | wc -l) mails in $dest"

# checkpatch: zero errors, warnings and checks on every patch.
fail=0
for p in "$dest"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	# A patch that checkpatch found clean before, with the same scripts, is
	# clean: about 1.3 s a patch.
	key=$(cat "$p" "$TREE"/scripts/checkpatch.pl "$TREE"/scripts/spelling.txt | sha256sum | cut -c1-20)
	[ ! -f "$WORK/checkpatch/$key" ] || continue
	# /usr/bin first: spdxcheck.py needs Debian's python3-ply and python3-git.
	out=$(cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --color=never "$p" 2>&1) || true
	total=$(grep -E '^total: ' <<<"$out" | tail -n 1)
	if ! grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$total" ||
		grep -q '^Traceback' <<<"$out"; then
		printf '%s\n' "$out" >&2
		log "checkpatch: $(basename "$p"): $total"
		fail=1
	else
		mkdir -p "$WORK/checkpatch"
		: >"$WORK/checkpatch/$key"
	fi
done
[ "$fail" -eq 0 ] || die "checkpatch --strict found problems (above)"
log "checkpatch --strict: $(ls "$dest"/0*.patch | grep -vc cover-letter) patches clean"

# git am onto a fresh baseline must give back exactly this overlay.
am=$WORK/am-check
if [ ! -d "$am" ]; then
	git -C "$TREE" worktree add -q --detach "$am" "$BASE_REF"
fi
git -C "$am" am --abort >/dev/null 2>&1 || true
git -C "$am" checkout -q -f --detach "$BASE_REF"
git -C "$am" am -q $(ls "$dest"/0*.patch | grep -v cover-letter) ||
	die "git am of $dest onto the baseline failed"
python3 "$WB/series.py" compare "$TREE" "$(git -C "$am" rev-parse HEAD)"
