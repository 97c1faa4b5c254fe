// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit test for the x86 fixmap's index to address translation: the
 * runtime half of the fixmap bounds tests. The compile-time half, in
 * mm/tests/fixmap_bounds/, checks that the BUILD_BUG_ON()s in fix_to_virt()
 * and (x86_64) __native_set_fixmap() still refuse out-of-range indices.
 *
 * Fixmap index 0 is the page at FIXADDR_TOP and each further index is one
 * page lower (include/asm-generic/fixmap.h).
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <asm/fixmap.h>

/*
 * __virt_to_fix() inverts __fix_to_virt() for every index, from any address
 * in the index's page: it masks the address to its page first. Without the
 * mask, an address past the start of its page maps to the index below.
 */
static void fixmap_round_trip(struct kunit *test)
{
	unsigned int idx, bad = 0, first = 0;

	for (idx = 0; idx < __end_of_fixed_addresses; idx++) {
		unsigned long addr = __fix_to_virt(idx);

		if (__virt_to_fix(addr) != idx || __virt_to_fix(addr + PAGE_SIZE - 1) != idx) {
			if (!bad++)
				first = idx;
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "first bad index %u of %u", first,
			    (unsigned int)__end_of_fixed_addresses);
}

static struct kunit_case fixmap_bounds_test_cases[] = {
	KUNIT_CASE(fixmap_round_trip),
	{}
};

static struct kunit_suite fixmap_bounds_test_suite = {
	.name = "fixmap_bounds",
	.test_cases = fixmap_bounds_test_cases,
};

kunit_test_suite(fixmap_bounds_test_suite);

MODULE_DESCRIPTION("KUnit test for the fixmap index to address translation");
MODULE_LICENSE("GPL");
