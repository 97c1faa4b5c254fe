// SPDX-License-Identifier: GPL-2.0-only
/*
 * Positive control at the limit for pgtable_permanent-extra.c: with the
 * last permanent index on the last PTE of the FIXMAP_PMD_NUM page tables,
 * __end_of_permanent_fixed_addresses is exactly FIXMAP_PMD_NUM *
 * PTRS_PER_PTE and __native_set_fixmap() in arch/x86/mm/pgtable.c builds.
 *
 * expect: success
 */
#define TEST_FIXMAP_EXTRA_INDEX	(FIXMAP_PMD_NUM * PTRS_PER_PTE - 1)
#include "../../../arch/x86/mm/pgtable.c"
