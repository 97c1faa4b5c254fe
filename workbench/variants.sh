#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make variants: the KUnit suites on the configurations that make check's
# arches do not cover, each its own kernel: arm64 with 16K and 64K pages,
# 32-bit arm with HIGHMEM, and nommu (riscv64 in M-mode, with every KUnit
# test it can select built). One verdict per variant in $OUT/variants/.
# Not part of make check: four more kernel builds (see workbench/README.md).
#   variants.sh [VARIANT...]   default: arm64-16k arm64-64k arm-highmem riscv-nommu
. "$(dirname "$0")/lib.sh"
need_applied
variants=${*:-arm64-16k arm64-64k arm-highmem riscv-nommu}
mkdir -p "$OUT/variants"
rc=0
for v in $variants; do
	case $v in
	arm64-16k | arm64-64k | arm-highmem | riscv-nommu) ;;
	*) die "no variant $v: say arm64-16k, arm64-64k, arm-highmem or riscv-nommu" ;;
	esac
	"$WB/deps.sh" $(arch_packages "${v%-*}")
	# kunit.sh judges the run and keeps its verdict with the variants'.
	VERDICTS=$OUT/variants ARCHES=$v "$WB/kunit.sh" ||
		{ log "variants: $v is red (above; $OUT/variants/kunit.$v.json)"; rc=1; }
done
[ "$rc" -eq 0 ] || die "make variants failed (see above)"
log "variants: all green ($variants); verdicts in $OUT/variants/"
