#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kconfig sanity, as the kernel test robot's allyesconfig and allmodconfig
# builds would see the series: for each of $KCONFIG_ARCHES, generate both
# configurations and check every new test symbol, at the config level:
#   - a symbol that needs arch/<arch>/include/asm/fixmap.h (the fixmap
#     tests) is y or m only where that header exists;
#   - a bool test (VMALLOC_PROT_KUNIT_TEST, built in only) is never m, and
#     is n where KUnit is a module;
#   - a tristate test is y in allyesconfig and m in allmodconfig wherever
#     its dependencies hold, so that the module build sees it.
# Prints one line per arch and configuration. Nothing is compiled.
. "$(dirname "$0")/lib.sh"
need_applied
arches=${KCONFIG_ARCHES:-x86_64 i386 arm64 um s390}
dir=$WORK/build/kconfig
mkdir -p "$dir"
rc=0

val() { # CONFIG FILE SYMBOL: y, m or n
	sed -n "s/^CONFIG_$2=\\(.\\)\$/\\1/p" "$1" | grep . || echo n
}

for arch in $arches; do
	case $arch in x86_64 | i386) srcarch=x86 ;; *) srcarch=$arch ;; esac
	fixmap_h=$TREE/arch/$srcarch/include/asm/fixmap.h
	for cfg in allyesconfig allmodconfig; do
		out=$dir/$arch-$cfg
		make -s -C "$TREE" O="$out" ARCH="$arch" "$cfg" >"$out.log" 2>&1 ||
			{ log "kconfig: $arch $cfg failed, see $out.log"; rc=1; continue; }
		c=$out/.config
		kunit=$(val "$c" KUNIT)
		gfp=$(val "$c" GFP_ZONE_KUNIT_TEST)
		vmp=$(val "$c" VMALLOC_PROT_KUNIT_TEST)
		fxk=$(val "$c" FIXMAP_BOUNDS_KUNIT_TEST)
		fxc=$(val "$c" TEST_FIXMAP_BOUNDS)
		bad=
		[ -f "$fixmap_h" ] || [ "$fxk$fxc" = nn ] ||
			bad="$bad; a fixmap test is selectable without asm/fixmap.h"
		[ "$vmp" != m ] || bad="$bad; VMALLOC_PROT_KUNIT_TEST=m"
		[ "$kunit" != m ] || [ "$vmp" = n ] || bad="$bad; VMALLOC_PROT_KUNIT_TEST=$vmp with KUNIT=m"
		want=$([ "$cfg" = allyesconfig ] && echo y || echo m)
		[ "$kunit" = n ] || [ "$gfp" = "$want" ] || bad="$bad; GFP_ZONE_KUNIT_TEST=$gfp, not $want"
		[ "$kunit" = n ] || [ "$srcarch" != x86 ] || [ "$fxk" = "$want" ] ||
			bad="$bad; FIXMAP_BOUNDS_KUNIT_TEST=$fxk, not $want"
		printf '%-7s %-13s KUNIT=%s GFP_ZONE=%s VMALLOC_PROT=%s FIXMAP_BOUNDS=%s TEST_FIXMAP_BOUNDS=%s asm/fixmap.h:%s%s\n' \
			"$arch" "$cfg" "$kunit" "$gfp" "$vmp" "$fxk" "$fxc" \
			"$([ -f "$fixmap_h" ] && echo yes || echo no)" "${bad:+  BAD${bad}}"
		[ -z "$bad" ] || rc=1
	done
done
[ "$rc" -eq 0 ] || die "Kconfig sanity failed (above)"
