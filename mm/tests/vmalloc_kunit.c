// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vmalloc(), kvmalloc() and read-only vmalloc memory.
 *
 * The allocation cases check where memory comes from: vmalloc() and
 * vzalloc() return page-aligned addresses in the vmalloc range backed by
 * individual pages, vzalloc(), vzalloc_node(), vmalloc_32_user() and
 * kvzalloc() return zeroed memory also when it held data before, kvmalloc()
 * uses the slab allocator for small sizes and vmalloc beyond
 * KMALLOC_MAX_SIZE.
 *
 * The protection cases map pages read-only, with vmap(PAGE_KERNEL_RO) and
 * with set_memory_ro() on a vmalloc area, and write to them with
 * copy_to_kernel_nofault(), as mm/rodata_test.c does for .rodata: the write
 * must fail and leave the data alone, instead of the "BUG: unable to handle
 * page fault ... permissions violation" oops a plain store would cause.
 * set_memory_ro() and copy_to_kernel_nofault() are not exported, so this
 * test is built in only.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/pfn.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define TEST_BYTE	0x5c

/* Deferred frees, so that a failed assertion leaks nothing. */
KUNIT_DEFINE_ACTION_WRAPPER(vfree_action, vfree, const void *)
KUNIT_DEFINE_ACTION_WRAPPER(kvfree_action, kvfree, const void *)
KUNIT_DEFINE_ACTION_WRAPPER(vunmap_action, vunmap, const void *)
KUNIT_DEFINE_ACTION_WRAPPER(free_page_action, __free_page, struct page *)

static void expect_vmalloc_area(struct kunit *test, void *p, unsigned long size)
{
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p + size - 1));
	KUNIT_EXPECT_EQ(test, offset_in_page(p), 0);
}

/*
 * vmalloc() of a size that is not a multiple of PAGE_SIZE gets PFN_UP(size)
 * pages, each found by vmalloc_to_page().
 */
static void vmalloc_pages(struct kunit *test)
{
	const unsigned long size = 2 * PAGE_SIZE + PAGE_SIZE / 2;
	struct vm_struct *area;
	unsigned long off;
	u8 *p = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vfree_action, p), 0);
	expect_vmalloc_area(test, p, size);
	area = find_vm_area(p);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->nr_pages, PFN_UP(size));
	KUNIT_EXPECT_EQ(test, get_vm_area_size(area), PFN_UP(size) * PAGE_SIZE);
	for (off = 0; off < size; off += PAGE_SIZE)
		KUNIT_EXPECT_NOT_NULL(test, vmalloc_to_page(p + off));
}

/*
 * Zeroing only shows on memory that held something: the pages of a freshly
 * booted kernel read zero anyway. The zeroing cases therefore fill an area
 * from the allocator under test with a pattern, free it and allocate the
 * same size again, which makes the page allocator's per-cpu lists of the
 * same zone (or the slab freelist) hand the same memory back, and they
 * skip if no memory came back in ZERO_ROUNDS tries.
 * With init_on_alloc or init_on_free every allocation reads zero, whatever
 * the allocator under test does.
 */
#define ZERO_ROUNDS	16
#define ZERO_PAGES	4

static void require_zeroing_visible(struct kunit *test)
{
	if (want_init_on_alloc(GFP_KERNEL) || want_init_on_free())
		kunit_skip(test, "init_on_alloc or init_on_free zeroes all memory");
}

static void expect_zeroed(struct kunit *test, const u8 *p, size_t size)
{
	const u8 *bad = memchr_inv(p, 0, size);

	KUNIT_EXPECT_PTR_EQ_MSG(test, bad, NULL, "byte %td of %zu is %#x",
				bad ? bad - p : 0, size, bad ? *bad : 0);
}

static void *vzalloc_any(unsigned long size)
{
	return vzalloc(size);
}

static void *vzalloc_this_node(unsigned long size)
{
	return vzalloc_node(size, numa_node_id());
}

static void *vmalloc_32_user_any(unsigned long size)
{
	return vmalloc_32_user(size);
}

struct vzalloc_case {
	const char *name;
	void *(*alloc)(unsigned long size);
};

static const struct vzalloc_case vzalloc_cases[] = {
	{ "vzalloc", vzalloc_any },
	{ "vzalloc_node", vzalloc_this_node },
	{ "vmalloc_32_user", vmalloc_32_user_any },
};

KUNIT_ARRAY_PARAM_DESC(vzalloc, vzalloc_cases, name);

/*
 * Memory from vzalloc(), vzalloc_node() and vmalloc_32_user() reads zero,
 * also in pages that held a pattern.
 */
static void vzalloc_zeroed(struct kunit *test)
{
	const struct vzalloc_case *c = test->param_value;
	const unsigned long size = ZERO_PAGES * PAGE_SIZE;
	struct page *old[ZERO_PAGES];
	int round, i, j, reused = 0;
	u8 *p;

	require_zeroing_visible(test);
	for (round = 0; round < ZERO_ROUNDS && !reused; round++) {
		p = c->alloc(size);
		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, TEST_BYTE, size);
		for (i = 0; i < ZERO_PAGES; i++)
			old[i] = vmalloc_to_page(p + i * PAGE_SIZE);
		vfree(p);

		p = c->alloc(size);
		expect_vmalloc_area(test, p, size);
		for (i = 0; i < ZERO_PAGES; i++)
			for (j = 0; j < ZERO_PAGES; j++)
				reused += vmalloc_to_page(p + i * PAGE_SIZE) == old[j];
		expect_zeroed(test, p, size);
		vfree(p);
	}
	if (!reused)
		kunit_skip(test, "no page of a freed area came back in %d rounds", ZERO_ROUNDS);
}

/* kvzalloc() of a small size (from the slab) reads zero after reuse. */
static void kvzalloc_zeroed(struct kunit *test)
{
	const size_t size = 192;
	int round, reused = 0;
	u8 *p, *q;

	require_zeroing_visible(test);
	for (round = 0; round < ZERO_ROUNDS && !reused; round++) {
		p = kvmalloc(size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, TEST_BYTE, size);
		kvfree(p);

		q = kvzalloc(size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, q);
		KUNIT_EXPECT_FALSE(test, is_vmalloc_addr(q));
		reused += p == q;
		expect_zeroed(test, q, size);
		kvfree(q);
	}
	if (!reused)
		kunit_skip(test, "no freed object came back in %d rounds", ZERO_ROUNDS);
}

/*
 * kvmalloc() takes small sizes from the slab, and sizes that kmalloc()
 * cannot serve from vmalloc. KMALLOC_MAX_SIZE depends on the page size and
 * MAX_PAGE_ORDER: 4 MiB with 4K pages, 512 MiB with arm64's 64K pages.
 */
static void kvmalloc_fallback(struct kunit *test)
{
	const size_t big = KMALLOC_MAX_SIZE + PAGE_SIZE;
	void *small, *large;
	size_t off;

	if ((long)PFN_UP(big) > si_mem_available() / 4)
		kunit_skip(test,
			   "KMALLOC_MAX_SIZE + PAGE_SIZE (%zu MiB) is more than a quarter of the available memory",
			   big >> 20);
	small = kvmalloc(64, GFP_KERNEL);
	large = kvmalloc(big, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action, small), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action, large), 0);
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_EXPECT_FALSE(test, is_vmalloc_addr(small));
	KUNIT_ASSERT_NOT_NULL(test, large);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(large));
	/* Every page of it is mapped. */
	for (off = 0; off < big; off += PAGE_SIZE)
		if (!vmalloc_to_page(large + off))
			break;
	KUNIT_EXPECT_GE_MSG(test, off, big, "no page at offset %zu of %zu", off, big);
}

static void require_page_protections(struct kunit *test)
{
	if (IS_ENABLED(CONFIG_UML))
		kunit_skip(test, "UML does not enforce kernel page protections: %s",
			   "PAGE_KERNEL_RO is writable, copy_to_kernel_nofault() a plain store");
}

/*
 * An architecture that does not define PAGE_KERNEL_RO gets PAGE_KERNEL
 * from include/linux/pgtable.h: there a read-only vmap() is writable. The
 * two then expand to the same text; an architecture's own PAGE_KERNEL_RO
 * that maps writable still fails the case.
 */
static void require_page_kernel_ro(struct kunit *test)
{
	if (!strcmp(__stringify(PAGE_KERNEL_RO), __stringify(PAGE_KERNEL)))
		kunit_skip(test,
			   "PAGE_KERNEL_RO is PAGE_KERNEL on this architecture (include/linux/pgtable.h)");
}

/*
 * Reads and writes go through the nofault accessors, so that a mapping that
 * is not what the test expects fails the test instead of oopsing.
 */
static u8 read_byte(struct kunit *test, const u8 *p)
{
	u8 val = 0;

	KUNIT_EXPECT_EQ_MSG(test, copy_from_kernel_nofault(&val, p, 1), 0,
			    "cannot read %p", p);
	return val;
}

/* A write must fault and leave the byte alone. */
static void expect_write_fails(struct kunit *test, u8 *p, u8 old)
{
	u8 val = ~old;

	KUNIT_EXPECT_NE_MSG(test, copy_to_kernel_nofault(p, &val, 1), 0,
			    "write to read-only %p succeeded", p);
	KUNIT_EXPECT_EQ(test, read_byte(test, p), old);
}

static void expect_write_works(struct kunit *test, u8 *p, u8 val)
{
	KUNIT_EXPECT_EQ_MSG(test, copy_to_kernel_nofault(p, &val, 1), 0,
			    "write to %p failed", p);
	KUNIT_EXPECT_EQ(test, read_byte(test, p), val);
}

/* vmap(PAGE_KERNEL_RO): readable, not writable; the pages stay writable. */
static void vmap_read_only(struct kunit *test)
{
	struct page *pages[2];
	u8 *ro, *rw;
	int i;

	require_page_protections(test);
	require_page_kernel_ro(test);
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_page_action,
								pages[i]), 0);
	}
	rw = vmap(pages, ARRAY_SIZE(pages), VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rw);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vunmap_action, rw), 0);
	memset(rw, TEST_BYTE, 2 * PAGE_SIZE);
	ro = vmap(pages, ARRAY_SIZE(pages), VM_MAP, PAGE_KERNEL_RO);
	KUNIT_ASSERT_NOT_NULL(test, ro);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vunmap_action, ro), 0);

	KUNIT_EXPECT_EQ(test, read_byte(test, ro + PAGE_SIZE / 2), TEST_BYTE);
	expect_write_fails(test, ro, TEST_BYTE);
	expect_write_fails(test, ro + 2 * PAGE_SIZE - 1, TEST_BYTE);
	/* The same pages through a writable mapping. */
	expect_write_works(test, rw + PAGE_SIZE, 0x11);
	KUNIT_EXPECT_EQ(test, read_byte(test, ro + PAGE_SIZE), 0x11);
}

/*
 * set_memory_ro() on a vmalloc area, and back with set_memory_rw(). On x86
 * this also changes the pages' direct-map alias (cpa_process_alias()), so
 * the test checks that the alias is writable again before vfree(). The
 * area is marked VM_FLUSH_RESET_PERMS, so that vfree() restores the
 * permissions also when an assertion ends the case early.
 */
static void vmalloc_set_memory_ro(struct kunit *test)
{
	const int nr = 2;
	int i;
	u8 *p;

	require_page_protections(test);
	if (!IS_ENABLED(CONFIG_ARCH_HAS_SET_MEMORY))
		kunit_skip(test, "no CONFIG_ARCH_HAS_SET_MEMORY: set_memory_ro() is a stub");

	p = vmalloc(nr * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, p);
	set_vm_flush_reset_perms(p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vfree_action, p), 0);
	memset(p, TEST_BYTE, nr * PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, set_memory_ro((unsigned long)p, nr), 0);
	KUNIT_EXPECT_EQ(test, read_byte(test, p + PAGE_SIZE), TEST_BYTE);
	expect_write_fails(test, p, TEST_BYTE);
	expect_write_fails(test, p + nr * PAGE_SIZE - 1, TEST_BYTE);

	KUNIT_ASSERT_EQ(test, set_memory_rw((unsigned long)p, nr), 0);
	expect_write_works(test, p, 0x22);
	expect_write_works(test, p + nr * PAGE_SIZE - 1, 0x33);
	/* Highmem pages (i386) have no direct-map alias. */
	for (i = 0; i < nr; i++) {
		u8 *alias = page_address(vmalloc_to_page(p + i * PAGE_SIZE));

		if (alias)
			expect_write_works(test, alias, 0x44);
	}
}

static unsigned long taint_but_test(void)
{
	return get_taint() & ~BIT(TAINT_TEST);
}

/* No case may taint the kernel (a fault, a WARN, a bad page): checked after each. */
static int vmalloc_test_init(struct kunit *test)
{
	test->priv = (void *)taint_but_test();
	return 0;
}

static void vmalloc_test_exit(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, taint_but_test(), (unsigned long)test->priv,
			    "the case tainted the kernel");
}

static struct kunit_case vmalloc_test_cases[] = {
	KUNIT_CASE(vmalloc_pages),
	KUNIT_CASE_PARAM(vzalloc_zeroed, vzalloc_gen_params),
	KUNIT_CASE(kvzalloc_zeroed),
	KUNIT_CASE(kvmalloc_fallback),
	KUNIT_CASE(vmap_read_only),
	KUNIT_CASE(vmalloc_set_memory_ro),
	{}
};

static struct kunit_suite vmalloc_test_suite = {
	.name = "vmalloc",
	.init = vmalloc_test_init,
	.exit = vmalloc_test_exit,
	.test_cases = vmalloc_test_cases,
};

kunit_test_suite(vmalloc_test_suite);

MODULE_DESCRIPTION("KUnit tests for vmalloc, kvmalloc and read-only vmalloc memory");
MODULE_LICENSE("GPL");
