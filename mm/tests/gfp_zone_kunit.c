// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for gfp_zone(), GFP_ZONE_BAD and the allocators' handling of
 * the zone modifiers.
 *
 * The zone modifiers __GFP_DMA, __GFP_HIGHMEM, __GFP_DMA32 and __GFP_MOVABLE
 * form a four-bit index into GFP_ZONE_TABLE and GFP_ZONE_BAD (see
 * include/linux/gfp.h). Eight of the sixteen combinations name more than one
 * of DMA, DMA32 and HIGHMEM and are invalid; gfp_zone() catches them with a
 * VM_BUG_ON() with CONFIG_DEBUG_VM and silently returns a table entry
 * without it. GFP_ZONE_BAD is a constant and is checked at build time; the
 * tests call gfp_zone() with valid combinations only.
 *
 * The allocator tests check that the per-cpu page lists, the buddy
 * allocator, vmalloc()/vmalloc_32() and kmalloc(__GFP_DMA) return memory
 * from the zone the request maps to, or, where that zone is not populated,
 * from the next populated one below it. Expected zones follow the
 * configuration: a zone the kernel is built without falls back to
 * ZONE_NORMAL (OPT_ZONE_* in gfp.h).
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/dma.h>
#include "../slab.h"

/* The zone a valid combination of zone modifiers asks for. */
enum req_zone {
	REQ_NORMAL,
	REQ_DMA,
	REQ_DMA32,
	REQ_HIGHMEM,
	REQ_MOVABLE,
};

struct zone_mods {
	gfp_t mods;
	enum req_zone req;
	const char *desc;
};

/*
 * The eight valid combinations: none or exactly one of DMA, DMA32 and
 * HIGHMEM, each with or without MOVABLE. MOVABLE alone means ZONE_NORMAL;
 * only MOVABLE together with HIGHMEM means ZONE_MOVABLE.
 */
static const struct zone_mods zone_mods_cases[] = {
	{ 0, REQ_NORMAL, "none" },
	{ __GFP_DMA, REQ_DMA, "DMA" },
	{ __GFP_HIGHMEM, REQ_HIGHMEM, "HIGHMEM" },
	{ __GFP_DMA32, REQ_DMA32, "DMA32" },
	{ __GFP_MOVABLE, REQ_NORMAL, "MOVABLE" },
	{ __GFP_MOVABLE | __GFP_DMA, REQ_DMA, "MOVABLE|DMA" },
	{ __GFP_MOVABLE | __GFP_HIGHMEM, REQ_MOVABLE, "MOVABLE|HIGHMEM" },
	{ __GFP_MOVABLE | __GFP_DMA32, REQ_DMA32, "MOVABLE|DMA32" },
};

/*
 * GFP_ZONE_BAD lists the invalid combinations one by one. They are exactly
 * those that name two or more of DMA, DMA32 and HIGHMEM, whatever MOVABLE
 * says: a wrong bit here is a valid request that gfp_zone()'s VM_BUG_ON()
 * turns into a crash, or an invalid one it lets through. Bit n of each
 * HAS_* mask is set when index n has that modifier.
 */
#define HAS_DMA		0xaaaaU
#define HAS_HIGHMEM	0xccccU
#define HAS_DMA32	0xf0f0U
static_assert(___GFP_DMA == 0x1 && ___GFP_HIGHMEM == 0x2 && ___GFP_DMA32 == 0x4);
static_assert(GFP_ZONE_BAD == ((HAS_DMA & HAS_HIGHMEM) | (HAS_DMA & HAS_DMA32) |
			       (HAS_HIGHMEM & HAS_DMA32)));

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

KUNIT_ARRAY_PARAM_DESC(valid_mods, zone_mods_cases, desc);

/*
 * gfp_zone() of each valid combination is the zone the configuration
 * implies: a zone the kernel is built without falls back to ZONE_NORMAL.
 * The mask is hidden from the compiler, so gfp_zone() computes the zone at
 * run time as it does for a caller's flags. Invalid combinations are never
 * passed to it: with CONFIG_DEBUG_VM they would crash the kernel.
 */
static void gfp_zone_valid_mask(struct kunit *test)
{
	const struct zone_mods *c = test->param_value;
	gfp_t flags = GFP_KERNEL | c->mods;

	OPTIMIZER_HIDE_VAR(flags);
	KUNIT_EXPECT_EQ_MSG(test, gfp_zone(flags), expected_zone(c->req),
			    "%s: gfp_zone() is %s, not %s", c->desc,
			    zone_name(gfp_zone(flags)), zone_name(expected_zone(c->req)));
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

/* The per-cpu lists also hold orders up to PAGE_ALLOC_COSTLY_ORDER. */
static void gfp_zone_order2(struct kunit *test)
{
	alloc_pages_order(test, 2);
}

/* Above PAGE_ALLOC_COSTLY_ORDER the buddy free lists serve the request. */
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
				 enum req_zone req)
{
	unsigned long off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(area + off);

		KUNIT_ASSERT_NOT_NULL(test, page);
		expect_pages_in_zone(test, page, 1, req);
	}
}

KUNIT_DEFINE_ACTION_WRAPPER(vfree_action, vfree, const void *)

/* Every page backing a 2 MiB vmalloc area is from the zone __GFP_HIGHMEM asks for. */
static void gfp_zone_vmalloc(struct kunit *test)
{
	void *area = vmalloc(SZ_2M);

	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vfree_action, area), 0);
	expect_vmalloc_pages(test, area, SZ_2M, REQ_HIGHMEM);
}

/*
 * vmalloc_32() is the supported way to get vmalloc memory a 32-bit device
 * can address: GFP_VMALLOC32 in mm/vmalloc.c asks for ZONE_DMA32, or
 * ZONE_DMA on a 64-bit kernel without ZONE_DMA32. On 32-bit kernels
 * __GFP_DMA32 means ZONE_NORMAL. Either way no page is in ZONE_HIGHMEM.
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
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vfree_action, area), 0);
	expect_vmalloc_pages(test, area, SZ_2M, req);
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

static struct kunit_case gfp_zone_test_cases[] = {
	KUNIT_CASE_PARAM(gfp_zone_valid_mask, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_pcp, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_order2, valid_mods_gen_params),
	KUNIT_CASE_PARAM(gfp_zone_buddy, valid_mods_gen_params),
	KUNIT_CASE(gfp_zone_vmalloc),
	KUNIT_CASE(gfp_zone_vmalloc_32),
	KUNIT_CASE(gfp_zone_kmalloc_dma),
	{}
};

static struct kunit_suite gfp_zone_test_suite = {
	.name = "gfp_zone",
	.test_cases = gfp_zone_test_cases,
};

kunit_test_suite(gfp_zone_test_suite);

MODULE_DESCRIPTION("KUnit tests for gfp_zone(), GFP_ZONE_BAD and zone-constrained allocations");
MODULE_LICENSE("GPL");
