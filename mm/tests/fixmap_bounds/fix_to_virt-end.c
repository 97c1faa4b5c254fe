// SPDX-License-Identifier: GPL-2.0-only
/*
 * fix_to_virt() of the first index past the fixmap must not build
 * (include/asm-generic/fixmap.h).
 *
 * expect: idx >= __end_of_fixed_addresses
 */
#include <asm/fixmap.h>

unsigned long test_fixmap_bounds(void);

unsigned long test_fixmap_bounds(void)
{
	return fix_to_virt(__end_of_fixed_addresses);
}
