// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for gfp_zone(), GFP_ZONE_BAD and the allocators' handling of
 * the zone modifiers.
 *
 * The zone modifiers __GFP_DMA, __GFP_HIGHMEM, __GFP_DMA32 and __GFP_MOVABLE
 * form a four-bit index into GFP_ZONE_TABLE and GFP_ZONE_BAD (see
 * include/linux/gfp.h). Eight of the sixteen combinations name more than one
 * of DMA, DMA32 and HIGHMEM and are invalid; gfp_zone() catches them with a
 * VM_BUG_ON(), i.e. "kernel BUG at include/linux/gfp.h" with CONFIG_DEBUG_VM
 * and silently returns a table entry without it. The table below is written
 * independently of gfp.h and the tests compare the kernel's tables with it,
 * so gfp_zone() itself is only ever called with valid combinations.
 *
 * The allocator tests check that the per-cpu page lists, the buddy
 * allocator, vmalloc()/vmalloc_32() and kmalloc return memory from the zone
 * the request maps to, or, where that zone is not populated, from the next
 * populated one below it. Expected zones follow the configuration: a zone
 * the kernel is built without falls back to ZONE_NORMAL (OPT_ZONE_* in
 * gfp.h).
 *
 * The slab allocator does not support __GFP_DMA32 and __GFP_HIGHMEM. It
 * strips them (GFP_SLAB_BUG_MASK in mm/internal.h) and prints "Unexpected
 * gfp: ... Fix your code!" from kmalloc_fix_flags() in mm/slab_common.c.
 * The test reads that message back from the kernel log.
 */

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kmsg_dump.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/dma.h>
#include "../slab.h"

/* The zone a combination of zone modifiers asks for, or REQ_BAD. */
enum req_zone {
	REQ_NORMAL,
	REQ_DMA,
	REQ_DMA32,
	REQ_HIGHMEM,
	REQ_MOVABLE,
	REQ_BAD,
};

struct zone_mods {
	gfp_t mods;
	enum req_zone req;
	const char *desc;
};

/*
 * All sixteen combinations, indexed by their zone modifier bits. Valid: none
 * or exactly one of DMA, DMA32 and HIGHMEM, each with or without MOVABLE.
 * MOVABLE alone means ZONE_NORMAL; only MOVABLE together with HIGHMEM means
 * ZONE_MOVABLE.
 */
static const struct zone_mods zone_mods_cases[] = {
	{ 0, REQ_NORMAL, "none" },
	{ __GFP_DMA, REQ_DMA, "DMA" },
	{ __GFP_HIGHMEM, REQ_HIGHMEM, "HIGHMEM" },
	{ __GFP_DMA | __GFP_HIGHMEM, REQ_BAD, "DMA|HIGHMEM" },
	{ __GFP_DMA32, REQ_DMA32, "DMA32" },
	{ __GFP_DMA32 | __GFP_DMA, REQ_BAD, "DMA32|DMA" },
	{ __GFP_DMA32 | __GFP_HIGHMEM, REQ_BAD, "DMA32|HIGHMEM" },
	{ __GFP_DMA32 | __GFP_HIGHMEM | __GFP_DMA, REQ_BAD, "DMA32|HIGHMEM|DMA" },
	{ __GFP_MOVABLE, REQ_NORMAL, "MOVABLE" },
	{ __GFP_MOVABLE | __GFP_DMA, REQ_DMA, "MOVABLE|DMA" },
	{ __GFP_MOVABLE | __GFP_HIGHMEM, REQ_MOVABLE, "MOVABLE|HIGHMEM" },
	{ __GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA, REQ_BAD, "MOVABLE|HIGHMEM|DMA" },
	{ __GFP_MOVABLE | __GFP_DMA32, REQ_DMA32, "MOVABLE|DMA32" },
	{ __GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA, REQ_BAD, "MOVABLE|DMA32|DMA" },
	{ __GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM, REQ_BAD, "MOVABLE|DMA32|HIGHMEM" },
	{ __GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_DMA, REQ_BAD,
	  "MOVABLE|DMA32|HIGHMEM|DMA" },
};

static_assert(ARRAY_SIZE(zone_mods_cases) == (__force unsigned int)GFP_ZONEMASK + 1);

static unsigned int zone_index(gfp_t flags)
{
	return (__force unsigned int)(flags & GFP_ZONEMASK);
}

static const struct zone_mods *lookup_mods(gfp_t flags)
{
	return &zone_mods_cases[zone_index(flags)];
}

/* The zone a valid request maps to in this configuration. */
static enum zone_type expected_zone(enum req_zone req)
{
	switch (req) {
#ifdef CONFIG_ZONE_DMA
	case REQ_DMA:
		return ZONE_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	case REQ_DMA32:
		return ZONE_DMA32;
#endif
#ifdef CONFIG_HIGHMEM
	case REQ_HIGHMEM:
		return ZONE_HIGHMEM;
#endif
	case REQ_MOVABLE:
		return ZONE_MOVABLE;
	default:
		return ZONE_NORMAL;
	}
}

/* Physical end of a zone whose limit is fixed by the architecture, or 0. */
static phys_addr_t zone_phys_limit(enum zone_type zone)
{
#if defined(CONFIG_ZONE_DMA) && defined(MAX_DMA_PFN)
	if (zone == ZONE_DMA)
		return PFN_PHYS(MAX_DMA_PFN);
#endif
#if defined(CONFIG_ZONE_DMA32) && defined(MAX_DMA32_PFN)
	if (zone == ZONE_DMA32)
		return PFN_PHYS(MAX_DMA32_PFN);
#endif
	return 0;
}

/* A zone's name ("DMA32", "Normal", ...), for failure messages. */
static const char *zone_name(enum zone_type zone)
{
	return NODE_DATA(numa_node_id())->node_zones[zone].name;
}

KUNIT_ARRAY_PARAM_DESC(all_mods, zone_mods_cases, desc);

/* The valid combinations only: the invalid ones never reach gfp_zone(). */
static const void *valid_mods_gen_params(struct kunit *test, const void *prev, char *desc)
{
	const struct zone_mods *c = prev;

	for (c = c ? c + 1 : zone_mods_cases;
	     c < zone_mods_cases + ARRAY_SIZE(zone_mods_cases); c++) {
		if (c->req != REQ_BAD) {
			strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
			return c;
		}
	}
	return NULL;
}

/* GFP_ZONE_BAD has a bit set exactly for the invalid combinations. */
static void gfp_zone_bad_bit(struct kunit *test)
{
	const struct zone_mods *c = test->param_value;
	bool bad = (GFP_ZONE_BAD >> zone_index(c->mods)) & 1;

	/* lookup_mods() relies on the table's order. */
	KUNIT_ASSERT_PTR_EQ(test, lookup_mods(c->mods), c);
	KUNIT_EXPECT_EQ_MSG(test, bad, c->req == REQ_BAD,
			    "GFP_ZONE_BAD=%#x, index %#x (%s)",
			    (unsigned int)GFP_ZONE_BAD, zone_index(c->mods), c->desc);
}

/*
 * gfp_zone() of a valid combination, alone and mixed into the common GFP
 * masks, is the zone the configuration implies. Combinations that become
 * invalid once mixed in (GFP_HIGHUSER already has __GFP_HIGHMEM) are never
 * passed to gfp_zone().
 */
static void gfp_zone_valid_mask(struct kunit *test)
{
	static const struct {
		gfp_t gfp;
		const char *name;
	} bases[] = {
		{ 0, "0" },
		{ GFP_KERNEL, "GFP_KERNEL" },
		{ GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_USER, "GFP_USER" },
		{ GFP_HIGHUSER, "GFP_HIGHUSER" },
		{ __GFP_ZERO, "__GFP_ZERO" },
	};
	const struct zone_mods *c = test->param_value;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		gfp_t flags = bases[i].gfp | c->mods;
		const struct zone_mods *m = lookup_mods(flags);

		if (m->req == REQ_BAD)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, gfp_zone(flags), expected_zone(m->req),
				    "%s | %s: gfp_zone() is %s, not %s", bases[i].name,
				    c->desc, zone_name(gfp_zone(flags)),
				    zone_name(expected_zone(m->req)));
	}
}

/*
 * The zone the page allocator serves a request for @want from on node @nid:
 * the highest populated zone at or below it. get_page_from_freelist() walks
 * the zonelist down from gfp_zone() and takes the first zone that is above
 * its watermark, so it falls back to a lower zone only when that one is
 * short of free pages.
 */
static struct zone *first_zone(int nid, enum zone_type want)
{
	struct zone *zone = &NODE_DATA(nid)->node_zones[want];

	while (!populated_zone(zone) && zone > NODE_DATA(nid)->node_zones)
		zone--;
	return zone;
}

/*
 * @nr pages from @page were allocated for @req: they are in the zone the
 * allocator tries first, or in a lower one when that zone is below its high
 * watermark, and below the physical limit of the requested zone.
 */
static void expect_pages_in_zone(struct kunit *test, struct page *page,
				 unsigned int nr, enum req_zone req)
{
	enum zone_type want = expected_zone(req);
	struct zone *first = first_zone(page_to_nid(page), want);
	phys_addr_t limit = zone_phys_limit(want);
	phys_addr_t end = page_to_phys(page) + (phys_addr_t)nr * PAGE_SIZE;

	if (page_zone(page) != first &&
	    zone_page_state(first, NR_FREE_PAGES) < high_wmark_pages(first))
		KUNIT_EXPECT_LE_MSG(test, page_zonenum(page), zone_idx(first),
				    "pfn %#lx in zone %s, %s is short of free pages",
				    page_to_pfn(page), page_zone(page)->name, first->name);
	else
		KUNIT_EXPECT_PTR_EQ_MSG(test, page_zone(page), first,
					"pfn %#lx in zone %s, not %s",
					page_to_pfn(page), page_zone(page)->name,
					first->name);
	if (limit)
		KUNIT_EXPECT_LE_MSG(test, end, limit, "pfn %#lx", page_to_pfn(page));
}

static void alloc_pages_order(struct kunit *test, unsigned int order)
{
	const struct zone_mods *c = test->param_value;
	struct page *page;

	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | c->mods, order);
	/* An order-0 GFP_KERNEL request does not fail in a booted kernel. */
	if (!page && order)
		kunit_skip(test, "no free order-%u block at or below zone %d",
			   order, expected_zone(c->req));
	KUNIT_ASSERT_NOT_NULL(test, page);
	expect_pages_in_zone(test, page, 1U << order, c->req);
	__free_pages(page, order);
}

/* Order 0 is served from the per-cpu page lists. */
static void gfp_zone_pcp(struct kunit *test)
{
	alloc_pages_order(test, 0);
}

/* Order 2 comes from the per-cpu lists or the buddy free lists. */
static void gfp_zone_order2(struct kunit *test)
{
	alloc_pages_order(test, 2);
}

/* Above PAGE_ALLOC_COSTLY_ORDER the per-cpu lists are bypassed. */
static void gfp_zone_buddy(struct kunit *test)
{
	alloc_pages_order(test, PAGE_ALLOC_COSTLY_ORDER + 1);
}

/*
 * __vmalloc() takes no zone modifiers: it strips them with a "Fix your code!"
 * warning (vmalloc_fix_flags() in mm/vmalloc.c). vmalloc() asks the page
 * allocator for GFP_KERNEL | __GFP_HIGHMEM (__vmalloc_area_node()), so its
 * pages come from ZONE_HIGHMEM where that is populated, never ZONE_MOVABLE.
 */
static void expect_vmalloc_pages(struct kunit *test, void *area, unsigned long size,
				 enum req_zone req, u64 limit)
{
	unsigned long off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(area + off);

		KUNIT_ASSERT_NOT_NULL(test, page);
		expect_pages_in_zone(test, page, 1, req);
		if (limit)
			KUNIT_EXPECT_LE_MSG(test, (u64)page_to_phys(page) + PAGE_SIZE, limit,
					    "pfn %#lx", page_to_pfn(page));
	}
}

/* Every page backing a 2 MiB vmalloc area is from the zone __GFP_HIGHMEM asks for. */
static void gfp_zone_vmalloc(struct kunit *test)
{
	void *area = vmalloc(SZ_2M);

	KUNIT_ASSERT_NOT_NULL(test, area);
	expect_vmalloc_pages(test, area, SZ_2M, REQ_HIGHMEM, 0);
	vfree(area);
}

/*
 * vmalloc_32() is the supported way to get vmalloc memory a 32-bit device
 * can address: GFP_VMALLOC32 in mm/vmalloc.c asks for ZONE_DMA32, or
 * ZONE_DMA on a 64-bit kernel without ZONE_DMA32. On 32-bit kernels
 * __GFP_DMA32 means ZONE_NORMAL. Either way every page is below 4 GiB and
 * never in ZONE_HIGHMEM.
 */
static void gfp_zone_vmalloc_32(struct kunit *test)
{
	enum req_zone req = REQ_DMA32;
	void *area;

	if (IS_ENABLED(CONFIG_64BIT) && !IS_ENABLED(CONFIG_ZONE_DMA32) &&
	    IS_ENABLED(CONFIG_ZONE_DMA))
		req = REQ_DMA;
	area = vmalloc_32(SZ_2M);
	KUNIT_ASSERT_NOT_NULL(test, area);
	expect_vmalloc_pages(test, area, SZ_2M, req, SZ_4G);
	vfree(area);
}

/* kmalloc(__GFP_DMA) is served by a SLAB_CACHE_DMA cache from ZONE_DMA. */
static void gfp_zone_kmalloc_dma(struct kunit *test)
{
	struct kmem_cache *s;
	void *p;

	if (!IS_ENABLED(CONFIG_ZONE_DMA))
		kunit_skip(test, "CONFIG_ZONE_DMA=n: __GFP_DMA has no zone of its own");

	p = kmalloc(256, GFP_KERNEL | __GFP_DMA);
	KUNIT_ASSERT_NOT_NULL(test, p);
	s = virt_to_slab(p)->slab_cache;
	KUNIT_EXPECT_TRUE_MSG(test, s->flags & SLAB_CACHE_DMA, "%s", s->name);
	expect_pages_in_zone(test, virt_to_page(p), 1, REQ_DMA);
	kfree(p);
}

/*
 * Find @want in the kernel log records written after @iter was positioned.
 * kmsg_dump_get_line() reads the printk ring buffer itself, so this neither
 * depends on a console nor on tracepoints.
 */
static bool log_has(struct kmsg_dump_iter *iter, const char *want, char *line,
		    size_t size)
{
	size_t len;

	while (kmsg_dump_get_line(iter, false, line, size - 1, &len)) {
		line[len] = '\0';
		if (strstr(line, want))
			return true;
	}
	return false;
}

static const struct zone_mods slab_bug_cases[] = {
	{ __GFP_DMA32, REQ_DMA32, "__GFP_DMA32" },
	{ __GFP_HIGHMEM, REQ_HIGHMEM, "__GFP_HIGHMEM" },
};

KUNIT_ARRAY_PARAM_DESC(slab_bug, slab_bug_cases, desc);

/*
 * kmalloc() of a size above KMALLOC_MAX_CACHE_SIZE goes straight to the page
 * allocator and always passes through the GFP_SLAB_BUG_MASK check: the
 * unsupported modifier is stripped, reported, and the allocation succeeds
 * from the zone of a plain GFP_KERNEL request.
 */
static void gfp_zone_kmalloc_strips(struct kunit *test)
{
	const struct zone_mods *c = test->param_value;
	struct kmsg_dump_iter iter;
	const size_t size = 1024;
	char want[64], *line;
	void *p;

	if (!IS_ENABLED(CONFIG_PRINTK))
		kunit_skip(test, "CONFIG_PRINTK=n: the report cannot be read back");
	line = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);

	/* Start reading the log at its current end: skip what it holds. */
	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, NULL, 0, NULL))
		;

	p = kmalloc(KMALLOC_MAX_CACHE_SIZE * 2, GFP_KERNEL | c->mods);
	KUNIT_ASSERT_NOT_NULL(test, p);
	expect_pages_in_zone(test, virt_to_page(p), 1, REQ_NORMAL);
	kfree(p);

	snprintf(want, sizeof(want), "Unexpected gfp: %#x (",
		 (__force unsigned int)c->mods);
	KUNIT_ASSERT_TRUE_MSG(test, log_has(&iter, want, line, size),
			      "no \"%s\" in the kernel log", want);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, "Fix your code!"), "%s", line);
}

static struct kunit_case gfp_zone_test_cases[] = {
	KUNIT_CASE_PARAM(gfp_zone_bad_bit, all_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_valid_mask, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_pcp, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_order2, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_buddy, valid_mods_gen_params),
	KUNIT_CASE(gfp_zone_vmalloc),
	KUNIT_CASE(gfp_zone_vmalloc_32),
	KUNIT_CASE(gfp_zone_kmalloc_dma),
	KUNIT_CASE_PARAM(gfp_zone_kmalloc_strips, slab_bug_gen_params),
	{}
};

static struct kunit_suite gfp_zone_test_suite = {
	.name = "gfp_zone",
	.test_cases = gfp_zone_test_cases,
};

kunit_test_suite(gfp_zone_test_suite);

MODULE_DESCRIPTION("KUnit tests for gfp_zone(), GFP_ZONE_BAD and zone-constrained allocations");
MODULE_LICENSE("GPL");
