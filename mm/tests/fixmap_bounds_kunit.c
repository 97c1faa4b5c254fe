// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit test for the x86 fixmap's index to address translation: the
 * runtime half of the fixmap bounds tests. The compile-time half, in
 * mm/tests/fixmap_bounds/, checks that the BUILD_BUG_ON()s in fix_to_virt()
 * and (x86_64) __native_set_fixmap() still refuse out-of-range indices.
 *
 * Fixmap index 0 is the page at FIXADDR_TOP and each further index is one
 * page lower (include/asm-generic/fixmap.h). Index 0 itself is a hole that
 * virt_to_fix() rejects: x86_32 names it FIX_HOLE, and x86_64 starts its
 * enum at VSYSCALL_PAGE.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <asm/fixmap.h>

/* __virt_to_fix() inverts __fix_to_virt() for every index, anywhere in its page. */
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

/* Index 0 is at FIXADDR_TOP; the addresses descend by PAGE_SIZE. */
static void fixmap_descends(struct kunit *test)
{
	unsigned int idx, bad = 0, first = 0;

	KUNIT_EXPECT_EQ(test, __fix_to_virt(0), FIXADDR_TOP);
	for (idx = 1; idx < __end_of_fixed_addresses; idx++) {
		if (__fix_to_virt(idx) != __fix_to_virt(idx - 1) - PAGE_SIZE) {
			if (!bad++)
				first = idx;
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "first bad index %u", first);
}

/*
 * FIXADDR_START..FIXADDR_TOP holds every permanent index but the hole at 0,
 * and virt_to_fix() accepts each of them; FIXADDR_TOT_START..FIXADDR_TOP
 * also holds the boot-time ones.
 */
static void fixmap_range_covers_indices(struct kunit *test)
{
	unsigned int idx, bad = 0, first = 0;

	for (idx = 1; idx < __end_of_fixed_addresses; idx++) {
		unsigned long addr = __fix_to_virt(idx);
		bool ok = addr >= FIXADDR_TOT_START && addr < FIXADDR_TOP;

		if (idx < __end_of_permanent_fixed_addresses)
			ok = ok && addr >= FIXADDR_START && virt_to_fix(addr) == idx;
		if (!ok && !bad++)
			first = idx;
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "first bad index %u", first);
	KUNIT_EXPECT_EQ(test, FIXADDR_TOP - FIXADDR_START,
			(unsigned long)__end_of_permanent_fixed_addresses << PAGE_SHIFT);
}

/*
 * The permanent fixmap fits in the FIXMAP_PMD_NUM page tables that
 * head_64.S sets up for it; __native_set_fixmap() checks the same at build
 * time.
 */
static void fixmap_permanent_fits(struct kunit *test)
{
#ifdef CONFIG_X86_64
	KUNIT_EXPECT_LE(test, (unsigned long)__end_of_permanent_fixed_addresses,
			(unsigned long)FIXMAP_PMD_NUM * PTRS_PER_PTE);
#else
	kunit_skip(test, "x86_64 only: the permanent fixmap has FIXMAP_PMD_NUM page tables there");
#endif
}

static struct kunit_case fixmap_bounds_test_cases[] = {
	KUNIT_CASE(fixmap_round_trip),
	KUNIT_CASE(fixmap_descends),
	KUNIT_CASE(fixmap_range_covers_indices),
	KUNIT_CASE(fixmap_permanent_fits),
	{}
};

static struct kunit_suite fixmap_bounds_test_suite = {
	.name = "fixmap_bounds",
	.test_cases = fixmap_bounds_test_cases,
};

kunit_test_suite(fixmap_bounds_test_suite);

MODULE_DESCRIPTION("KUnit test for the fixmap index to address translation");
MODULE_LICENSE("GPL");
