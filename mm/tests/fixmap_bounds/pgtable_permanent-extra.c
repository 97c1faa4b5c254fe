// SPDX-License-Identifier: GPL-2.0-only
/*
 * One more permanent fixmap index, the first one past the FIXMAP_PMD_NUM
 * page tables that head_64.S sets up for the permanent fixmap:
 * __native_set_fixmap() in arch/x86/mm/pgtable.c must refuse to build.
 *
 * expect: __end_of_permanent_fixed_addresses > (FIXMAP_PMD_NUM * PTRS_PER_PTE)
 */
#define TEST_FIXMAP_EXTRA_INDEX	(FIXMAP_PMD_NUM * PTRS_PER_PTE)
#include "../../../arch/x86/mm/pgtable.c"
