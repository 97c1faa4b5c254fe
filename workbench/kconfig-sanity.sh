#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kconfig sanity, as the kernel test robot's allyesconfig and allmodconfig
# builds would see the series: for each of $KCONFIG_ARCHES, generate both
# configurations and check every new test symbol, at the config level:
#   - a symbol that needs arch/<arch>/include/asm/fixmap.h (the fixmap
#     tests) is y or m only where that header exists;
#   - a bool test (VMALLOC_KUNIT_TEST, built in only) is never m, and
#     is n where KUnit is a module;
#   - a tristate test is y in allyesconfig and m in allmodconfig wherever
#     its dependencies hold, so that the module build sees it.
# Prints one line per arch and configuration. Then, where the compiler for
# the arch is installed, the series' C files that the configuration turns
# on are compiled in it (the robot's allyesconfig/allmodconfig builds, cut
# to the new objects); a compile whose sources and .config did not change
# since it last passed is not repeated.
. "$(dirname "$0")/lib.sh"
need_applied
# s390 stands for the arches without asm/fixmap.h; Debian has its compiler.
"$WB/deps.sh" gcc-aarch64-linux-gnu:aarch64-linux-gnu-gcc gcc-s390x-linux-gnu:s390x-linux-gnu-gcc
arches=${KCONFIG_ARCHES:-x86_64 i386 arm64 um s390}
dir=$WORK/build/kconfig
mkdir -p "$dir"
rc=0

# The result depends only on the tree and the compilers: a run on the same
# tree (committed and uncommitted changes) with the same compilers that
# passed is not repeated, its lines are printed again.
key=$(tree_key "$arches" "$(for c in aarch64-linux-gnu-gcc s390x-linux-gnu-gcc; do
	"$c" --version 2>/dev/null | head -n 1; done)")
if [ "$(head -n 1 "$dir/passed" 2>/dev/null)" = "$key" ]; then
	tail -n +2 "$dir/passed"
	log "kconfig: the tree and the compilers are as in the run above, which passed (cached)"
	exit 0
fi
exec 3>"$dir/result"
files=$(git -C "$TREE" diff --name-only --diff-filter=AM "$BASE_REF" "$APPLIED_REF" -- '*.c' |
	grep -v '^tools/' | grep -v '^mm/tests/fixmap_bounds/' || true)

# The objects of the series that CONFIG turns on: the symbol of the
# <goal>-$(CONFIG_X) += <object> rule in the nearest Makefile that names
# the object (mm/Makefile for mm/tests/*.o, lkdtm's own for heap.o).
enabled_objs() { # CONFIG
	local f d rel sym
	for f in $files; do
		d=$(dirname "$f") rel=$(basename "${f%.c}").o sym=
		while [ -z "$sym" ] && [ "$d" != . ]; do
			[ -f "$TREE/$d/Makefile" ] &&
				sym=$(sed -n "s|^[a-z-]*-\$(CONFIG_\([A-Z0-9_]*\))[[:space:]]*+=.*[[:space:]]$rel\$|\1|p" \
					"$TREE/$d/Makefile" | head -n 1)
			rel=$(basename "$d")/$rel d=$(dirname "$d")
		done
		[ -n "$sym" ] && [ "$(val "$1" "$sym")" != n ] && echo "${f%.c}.o"
	done
	return 0
}

# Compile the series' objects that the configuration in OUT turns on.
compile_objs() { # ARCH OUT
	local cross objs key
	cross=$(cross_compile "$1")
	command -v "${cross}gcc" >/dev/null 2>&1 || { echo "not compiled: no ${cross}gcc"; return 0; }
	objs=$(enabled_objs "$2/.config" | paste -sd' ')
	[ -n "$objs" ] || { echo "nothing to compile"; return 0; }
	key=$(cat "$2/.config" $(for o in $objs; do echo "$TREE/${o%.o}.c"; done) | sha256sum | cut -c1-20)
	if [ "$(cat "$2.compiled" 2>/dev/null)" != "$key" ]; then
		make -C "$TREE" O="$2" ARCH="$1" CROSS_COMPILE="$cross" CC="ccache ${cross}gcc" \
			HOSTCC="ccache gcc" -j"$JOBS" $objs >"$2.compile.log" 2>&1 ||
			{ echo "COMPILE FAILED (see $2.compile.log)"; return 1; }
		echo "$key" >"$2.compiled"
	fi
	echo "compiled: $objs"
}

val() { # CONFIG FILE SYMBOL: y, m or n
	sed -n "s/^CONFIG_$2=\\(.\\)\$/\\1/p" "$1" | grep . || echo n
}

for arch in $arches; do
	case $arch in x86_64 | i386) srcarch=x86 ;; *) srcarch=$arch ;; esac
	fixmap_h=$TREE/arch/$srcarch/include/asm/fixmap.h
	for cfg in allyesconfig allmodconfig; do
		out=$dir/$arch-$cfg
		# With the compiler compile_objs uses, where there is one: the
		# configuration depends on it (CC_HAS_..., the errata).
		cross=$(cross_compile "$arch")
		command -v "${cross}gcc" >/dev/null 2>&1 || cross=
		make -s -C "$TREE" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" "$cfg" >"$out.log" 2>&1 ||
			{ log "kconfig: $arch $cfg failed, see $out.log"; rc=1; continue; }
		c=$out/.config
		kunit=$(val "$c" KUNIT)
		gfp=$(val "$c" GFP_ZONE_KUNIT_TEST)
		vmp=$(val "$c" VMALLOC_KUNIT_TEST)
		fxk=$(val "$c" FIXMAP_BOUNDS_KUNIT_TEST)
		fxc=$(val "$c" TEST_FIXMAP_BOUNDS)
		bad=
		[ -f "$fixmap_h" ] || [ "$fxk$fxc" = nn ] ||
			bad="$bad; a fixmap test is selectable without asm/fixmap.h"
		[ "$vmp" != m ] || bad="$bad; VMALLOC_KUNIT_TEST=m"
		[ "$kunit" != m ] || [ "$vmp" = n ] || bad="$bad; VMALLOC_KUNIT_TEST=$vmp with KUNIT=m"
		want=$([ "$cfg" = allyesconfig ] && echo y || echo m)
		[ "$kunit" = n ] || [ "$gfp" = "$want" ] || bad="$bad; GFP_ZONE_KUNIT_TEST=$gfp, not $want"
		[ "$kunit" = n ] || [ "$srcarch" != x86 ] || [ "$fxk" = "$want" ] ||
			bad="$bad; FIXMAP_BOUNDS_KUNIT_TEST=$fxk, not $want"
		line=$(printf '%-7s %-13s KUNIT=%s GFP_ZONE=%s VMALLOC=%s FIXMAP_BOUNDS=%s TEST_FIXMAP_BOUNDS=%s asm/fixmap.h:%s%s' \
			"$arch" "$cfg" "$kunit" "$gfp" "$vmp" "$fxk" "$fxc" \
			"$([ -f "$fixmap_h" ] && echo yes || echo no)" "${bad:+  BAD${bad}}")
		echo "$line"
		echo "$line" >&3
		[ -z "$bad" ] || rc=1
		line=$(compile_objs "$arch" "$out") || rc=1
		line=$(printf '%-7s %-13s %s' "$arch" "$cfg" "$line")
		echo "$line"
		echo "$line" >&3
	done
done
[ "$rc" -eq 0 ] || die "Kconfig sanity failed (above)"
{ echo "$key"; cat "$dir/result"; } >"$dir/passed"
