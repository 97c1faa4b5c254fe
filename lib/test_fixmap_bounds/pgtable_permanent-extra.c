// SPDX-License-Identifier: GPL-2.0-only
/*
 * One more permanent fixmap index, at 2 * PTRS_PER_PTE: the permanent range
 * no longer fits in the FIXMAP_PMD_NUM page tables that head_64.S sets up
 * for it, and __native_set_fixmap() in arch/x86/mm/pgtable.c must refuse
 * to build.
 *
 * expect: __end_of_permanent_fixed_addresses > (FIXMAP_PMD_NUM * PTRS_PER_PTE)
 * requires: CONFIG_X86 CONFIG_X86_64
 */
#define TEST_FIXMAP_EXTRA_INDEX	(2 * PTRS_PER_PTE)
#include "../../arch/x86/mm/pgtable.c"
