// SPDX-License-Identifier: GPL-2.0-only
/*
 * Positive control for pgtable_permanent-extra.c: arch/x86/mm/pgtable.c
 * builds with the shadow asm/fixmap.h when no index is added.
 *
 * expect: success
 */
#include "../../../arch/x86/mm/pgtable.c"
