// SPDX-License-Identifier: GPL-2.0-only
/*
 * Positive control for fix_to_virt-end.c: the last index builds.
 *
 * expect: success
 */
#include <asm/fixmap.h>

unsigned long test_fixmap_bounds(void);

unsigned long test_fixmap_bounds(void)
{
	return fix_to_virt(__end_of_fixed_addresses - 1);
}
