#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the dev-tools book (make SPHINXDIRS=dev-tools htmldocs) and fail on
# any warning that names a page of the series. A subset build also warns
# about references out of the subset; those name other pages.
. "$(dirname "$0")/lib.sh"
"$WB/deps.sh" python3-sphinx:sphinx-build python3-yaml:/usr/lib/python3/dist-packages/yaml/__init__.py
need_applied

pages=$(git -C "$TREE" diff --name-only --diff-filter=A "$BASE_REF" "$APPLIED_REF" -- 'Documentation/*.rst')
[ -n "$pages" ] || { log "docs: the series adds no Documentation page"; exit 0; }
bdir=$WORK/build/docs
mkdir -p "$bdir" "$OUT"
# The docs build writes generated .rst files into its source tree, even
# with O=: give it a worktree of its own.
src=$WORK/docs-src
[ -d "$src" ] || git -C "$TREE" worktree add -q --detach "$src" "$APPLIED_REF"
git -C "$src" checkout -q -f --detach "$APPLIED_REF"
log "building the dev-tools docs (log: $OUT/docs.log)"
make -s -C "$src" O="$bdir" SPHINXDIRS=dev-tools htmldocs >"$OUT/docs.log" 2>&1 ||
	{ tail -n 20 "$OUT/docs.log" >&2; die "make htmldocs failed, see $OUT/docs.log"; }
fail=0
for page in $pages; do
	html=$bdir/Documentation/output/${page#Documentation/}
	html=${html%.rst}.html
	if grep -F "${page#Documentation/}" "$OUT/docs.log" | grep -E 'WARNING|ERROR' >&2; then
		fail=1
	fi
	[ -s "$html" ] || { log "docs: $page was not built ($html missing)"; fail=1; }
done
[ "$fail" -eq 0 ] || die "the documentation of the series has warnings (above)"
log "docs: $(echo "$pages" | wc -w) page(s) built without warnings"
