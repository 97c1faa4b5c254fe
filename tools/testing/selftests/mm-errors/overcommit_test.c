// SPDX-License-Identifier: GPL-2.0
/*
 * Overcommit accounting, as /proc shows it.
 *
 * The rules are in mm/util.c: vm_commit_limit() computes CommitLimit as
 *   (MemTotal - Hugetlb) * overcommit_ratio / 100 + SwapTotal
 * or, when overcommit_kbytes is set, overcommit_kbytes + SwapTotal (in whole
 * pages). Writing one of ratio and kbytes zeroes the other.
 * __vm_enough_memory() decides per overcommit_memory mode:
 *   0 (guess)   refuses only a single request larger than RAM + swap,
 *   1 (always)  refuses nothing,
 *   2 (never)   refuses when Committed_AS would reach CommitLimit, less the
 *               admin reserve (not for CAP_SYS_ADMIN) and less
 *               min(total_vm / 32, user_reserve_kbytes); it compares with
 *               the approximate per-cpu value of the counter.
 * Only private writable mappings are charged (accountable_mapping() in
 * mm/mmap.c); MAP_NORESERVE opts out except in mode 2, and shared
 * anonymous memory is charged by shmem instead (shmem_acct_size()).
 *
 * The fixture saves every overcommit sysctl and restores it in a teardown
 * that runs in the parent process, so the values come back even when the
 * test process is killed. A host may start in mode 2, where CommitLimit
 * is enforced for every process: a test leaves mode 2 before it changes
 * overcommit_ratio or overcommit_kbytes, and enters mode 2 only after
 * checking that the limit leaves room for what it maps.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/mman.h>

#include "kselftest_harness.h"
#include "mm_errors.h"

#define SYSCTL_VM		"/proc/sys/vm/"
#define NEEDS_ROOT		"needs root to change /proc/sys/vm/overcommit_*"
#define MiB			(1024L * 1024)

static const char * const sysctls[] = {
	"overcommit_memory", "overcommit_ratio", "overcommit_kbytes",
	"admin_reserve_kbytes", "user_reserve_kbytes",
};

struct saved_sysctl {
	const char *name;
	char value[32];
};

FIXTURE(overcommit) {
	struct saved_sysctl saved[ARRAY_SIZE(sysctls)];
	bool have_saved;
};

FIXTURE_SETUP(overcommit)
{
	char path[64];
	int i, err;

	if (geteuid())
		SKIP(return, NEEDS_ROOT);
	for (i = 0; i < ARRAY_SIZE(sysctls); i++) {
		self->saved[i].name = sysctls[i];
		snprintf(path, sizeof(path), SYSCTL_VM "%s", sysctls[i]);
		ASSERT_LT(0, read_text(path, self->saved[i].value,
				       sizeof(self->saved[i].value)))
			TH_LOG("cannot read %s", path);
		self->saved[i].value[strcspn(self->saved[i].value, "\n")] = '\0';
	}
	/* A container may mount /proc/sys read-only: write one value back. */
	snprintf(path, sizeof(path), SYSCTL_VM "%s", self->saved[0].name);
	err = write_string(path, self->saved[0].value);
	if (err)
		SKIP(return, "cannot write %s: %s", path, strerror(-err));
	self->have_saved = true;
}

static long get_vm(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), SYSCTL_VM "%s", name);
	return read_long(path);
}

static const char *saved_value(const struct saved_sysctl *saved, const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sysctls); i++)
		if (!strcmp(saved[i].name, name))
			return saved[i].value;
	return NULL;
}

static bool restore(struct __test_metadata *_metadata,
		    const struct saved_sysctl *saved, const char *name)
{
	const char *value = saved_value(saved, name);
	char path[64];
	int err;

	snprintf(path, sizeof(path), SYSCTL_VM "%s", name);
	err = write_string(path, value);
	EXPECT_EQ(0, err) TH_LOG("restoring %s to %s: %s", path, value, strerror(-err));
	return !err;
}

/* In the parent: runs even when the test process was SIGKILLed. */
FIXTURE_TEARDOWN_PARENT(overcommit)
{
	bool never, limits;

	if (!self->have_saved)
		return;
	/*
	 * Mode 2 must never meet a limit that the host did not have: the
	 * mode goes back first, unless the host was in mode 2, and then it
	 * goes back last, once the host's limits are back (and not at all
	 * if they could not be restored). ratio and kbytes zero each other:
	 * write only the one that was in force.
	 */
	never = atol(saved_value(self->saved, "overcommit_memory")) == OVERCOMMIT_NEVER;
	if (!never)
		restore(_metadata, self->saved, "overcommit_memory");
	limits = restore(_metadata, self->saved, "admin_reserve_kbytes");
	limits &= restore(_metadata, self->saved, "user_reserve_kbytes");
	if (atol(saved_value(self->saved, "overcommit_kbytes")))
		limits &= restore(_metadata, self->saved, "overcommit_kbytes");
	else
		limits &= restore(_metadata, self->saved, "overcommit_ratio");
	if (never && limits)
		restore(_metadata, self->saved, "overcommit_memory");
	else if (never)
		TH_LOG("overcommit_memory left at %ld, not 2: the limits are not restored",
		       get_vm("overcommit_memory"));
}

static void set_vm(struct __test_metadata *_metadata, const char *name, long val)
{
	char path[64], buf[32];
	int err;

	snprintf(path, sizeof(path), SYSCTL_VM "%s", name);
	snprintf(buf, sizeof(buf), "%ld", val);
	err = write_string(path, buf);
	ASSERT_EQ(0, err) TH_LOG("writing %s to %s: %s", buf, path, strerror(-err));
}

/* vm_commit_limit() in kB, from /proc/meminfo and the sysctls. */
static long expected_commit_limit(struct __test_metadata *_metadata)
{
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	long kbytes = get_vm("overcommit_kbytes");
	/* No "Hugetlb:" line without CONFIG_HUGETLB_PAGE: no huge pages. */
	long hugetlb = proc_kb("/proc", "meminfo", "Hugetlb");
	long long pages;

	if (kbytes)
		pages = kbytes / page_kb;
	else
		pages = (MEMINFO_KB("MemTotal") - (hugetlb < 0 ? 0 : hugetlb)) / page_kb *
			(long long)get_vm("overcommit_ratio") / 100;
	return pages * page_kb + MEMINFO_KB("SwapTotal");
}

static void *map(size_t size, int prot, int flags)
{
	return mmap(NULL, size, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/*
 * Mode 2 enforces CommitLimit for the whole host; modes 0 and 1 only
 * report it. Tests that lower the limit first leave mode 2.
 */
static void leave_mode2(struct __test_metadata *_metadata)
{
	if (get_vm("overcommit_memory") == OVERCOMMIT_NEVER)
		set_vm(_metadata, "overcommit_memory", OVERCOMMIT_GUESS);
}

/*
 * Needs no root, so it runs outside the fixture: CommitLimit follows the
 * formula for the current settings.
 */
TEST(commit_limit_current)
{
	EXPECT_EQ(expected_commit_limit(_metadata), MEMINFO_KB("CommitLimit"));
}

TEST_F(overcommit, commit_limit_ratio)
{
	static const long ratios[] = { 0, 25, 50, 100, 150 };
	int i;

	leave_mode2(_metadata);
	set_vm(_metadata, "overcommit_kbytes", 12345);
	for (i = 0; i < ARRAY_SIZE(ratios); i++) {
		set_vm(_metadata, "overcommit_ratio", ratios[i]);
		/* Writing the ratio zeroes kbytes. */
		EXPECT_EQ(0, get_vm("overcommit_kbytes"));
		EXPECT_EQ(expected_commit_limit(_metadata), MEMINFO_KB("CommitLimit"))
			TH_LOG("overcommit_ratio %ld", ratios[i]);
	}
}

TEST_F(overcommit, commit_limit_kbytes)
{
	static const long kbytes[] = { 4096, 65537, 1048576 };
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	int i;

	leave_mode2(_metadata);
	for (i = 0; i < ARRAY_SIZE(kbytes); i++) {
		set_vm(_metadata, "overcommit_ratio", 50);
		set_vm(_metadata, "overcommit_kbytes", kbytes[i]);
		/* Writing kbytes zeroes the ratio, and kbytes wins. */
		EXPECT_EQ(0, get_vm("overcommit_ratio"));
		EXPECT_EQ(kbytes[i] / page_kb * page_kb + MEMINFO_KB("SwapTotal"),
			  MEMINFO_KB("CommitLimit"))
			TH_LOG("overcommit_kbytes %ld", kbytes[i]);
	}
}

/* Committed_AS moves by at most this much on its own in an idle system. */
#define NOISE_KB	(2 * 1024)
#define MAP_KB		(64 * 1024)

/*
 * num_present_cpus(), from /sys/devices/system/cpu/present ("0-3" or
 * "0,2-5"); -1 if it cannot be read.
 */
static long present_cpus(void)
{
	char buf[256], *p = buf;
	long n = 0, a, b;

	if (read_text("/sys/devices/system/cpu/present", buf, sizeof(buf)) <= 0)
		return -1;
	while (*p && *p != '\n') {
		a = strtol(p, &p, 10);
		b = a;
		if (*p == '-')
			b = strtol(p + 1, &p, 10);
		n += b - a + 1;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	return n;
}

/*
 * How far mode 2's decision may sit from CommitLimit - Committed_AS as
 * /proc/meminfo shows them, in kB: the per-cpu counter's error (batch *
 * CPUs, with the batch that mm_compute_batch() in mm/mm_init.c sets for
 * OVERCOMMIT_NEVER from num_present_cpus() and totalram_pages(), i.e.
 * MemTotal), the user reserve, and noise. The admin reserve does not apply
 * to root.
 */
static long mode2_slack_kb(struct __test_metadata *_metadata)
{
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	long cpus = present_cpus();
	long ram_pages = MEMINFO_KB("MemTotal") / page_kb;
	long user = STATUS_KB("VmSize") / 32;
	long batch;

	ASSERT_LT(0, cpus) TH_LOG("cannot read /sys/devices/system/cpu/present");
	batch = ram_pages / cpus / 256;
	if (batch < 2 * cpus)
		batch = 2 * cpus;
	if (batch < 32)
		batch = 32;
	if (user > get_vm("user_reserve_kbytes"))
		user = get_vm("user_reserve_kbytes");
	return batch * cpus * page_kb + user + NOISE_KB;
}

/* What mode 2 with the current limits would leave this process, in kB. */
static long mode2_room_kb(struct __test_metadata *_metadata)
{
	return MEMINFO_KB("CommitLimit") - MEMINFO_KB("Committed_AS") -
	       mode2_slack_kb(_metadata);
}

static long committed_delta(struct __test_metadata *_metadata, int prot, int flags,
			    int fd)
{
	long before, after;
	void *p;

	before = MEMINFO_KB("Committed_AS");
	if (fd >= 0)
		p = mmap(NULL, MAP_KB * 1024, prot, flags, fd, 0);
	else
		p = map(MAP_KB * 1024, prot, flags);
	after = MEMINFO_KB("Committed_AS");
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED) {
		munmap(p, MAP_KB * 1024);
		/* ... and falls back on munmap(). */
		EXPECT_LE(labs(MEMINFO_KB("Committed_AS") - before), NOISE_KB);
	}
	return after - before;
}

TEST_F(overcommit, committed_as_charged)
{
	char why[REASON_LEN];
	long room;
	int mode;

	if (cannot_map(_metadata, MAP_KB * 1024, true, why))
		SKIP(return, "%s", why);
	/* Mode 2 keeps the host's limits here: they must leave room. */
	room = mode2_room_kb(_metadata);
	if (room < MAP_KB)
		SKIP(return,
		     "mode 2 at this host's CommitLimit would leave %ld kB (after the margin), less than the %d kB mapped",
		     room, MAP_KB);
	for (mode = OVERCOMMIT_GUESS; mode <= OVERCOMMIT_NEVER; mode++) {
		set_vm(_metadata, "overcommit_memory", mode);
		EXPECT_LE(labs(committed_delta(_metadata, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE, -1) - MAP_KB), NOISE_KB)
			TH_LOG("private writable, mode %d", mode);
		/* Shared anonymous memory is shmem, which charges it itself. */
		EXPECT_LE(labs(committed_delta(_metadata, PROT_READ | PROT_WRITE,
					       MAP_SHARED, -1) - MAP_KB), NOISE_KB)
			TH_LOG("shared anonymous, mode %d", mode);
	}
	/* Mode 2 ignores MAP_NORESERVE. */
	EXPECT_LE(labs(committed_delta(_metadata, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_NORESERVE, -1) - MAP_KB), NOISE_KB);
}

TEST_F(overcommit, committed_as_not_charged)
{
	char why[REASON_LEN];
	int mode, fd;

	if (cannot_map(_metadata, MAP_KB * 1024, true, why))
		SKIP(return, "%s", why);
	fd = memfd_create("overcommit_test", 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, MAP_KB * 1024));
	for (mode = OVERCOMMIT_GUESS; mode <= OVERCOMMIT_ALWAYS; mode++) {
		set_vm(_metadata, "overcommit_memory", mode);
		EXPECT_LE(labs(committed_delta(_metadata, PROT_READ, MAP_PRIVATE, -1)),
			  NOISE_KB) TH_LOG("read-only private, mode %d", mode);
		EXPECT_LE(labs(committed_delta(_metadata, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_NORESERVE, -1)), NOISE_KB)
			TH_LOG("MAP_NORESERVE, mode %d", mode);
		EXPECT_LE(labs(committed_delta(_metadata, PROT_READ | PROT_WRITE,
					       MAP_SHARED, fd)), NOISE_KB)
			TH_LOG("shared file, mode %d", mode);
	}
	close(fd);
}

TEST_F(overcommit, mode2_limit)
{
	long headroom, slack, need;
	unsigned long long over, under;
	char why[REASON_LEN];
	void *p;

	/* The limit under test, set outside mode 2, and checked before it. */
	leave_mode2(_metadata);
	set_vm(_metadata, "overcommit_ratio", 50);
	slack = mode2_slack_kb(_metadata);
	headroom = MEMINFO_KB("CommitLimit") - MEMINFO_KB("Committed_AS");
	need = 2 * slack + 16 * 1024;
	if (headroom <= need)
		SKIP(return,
		     "at overcommit_ratio 50, Committed_AS is %ld kB under CommitLimit; the test needs more than %ld kB",
		     headroom, need);
	over = (headroom + slack) * 1024ULL;
	under = (headroom - slack) * 1024ULL;
	/* Only mode 2 may refuse the larger mapping. */
	if (cannot_map(_metadata, over, true, why))
		SKIP(return, "%s", why);
	set_vm(_metadata, "overcommit_memory", OVERCOMMIT_NEVER);

	p = map(over, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	EXPECT_EQ(MAP_FAILED, p) TH_LOG("%ld kB over the limit were granted", slack);
	EXPECT_EQ(ENOMEM, errno);

	p = map(over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE);
	EXPECT_EQ(MAP_FAILED, p) TH_LOG("MAP_NORESERVE got around mode 2");
	EXPECT_EQ(ENOMEM, errno);

	p = map(under, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	EXPECT_NE(MAP_FAILED, p) TH_LOG("%ld kB under the limit were refused", slack);
	if (p != MAP_FAILED)
		munmap(p, under);
}

/* RAM + swap in bytes, as mode 0 counts them. */
static unsigned long long ram_swap(struct __test_metadata *_metadata)
{
	return (MEMINFO_KB("MemTotal") + MEMINFO_KB("SwapTotal")) * 1024ULL;
}

TEST_F(overcommit, mode1_always)
{
	unsigned long long size = 2 * ram_swap(_metadata);
	char why[REASON_LEN];
	void *p;

	if (cannot_map(_metadata, size, true, why))
		SKIP(return, "%s", why);
	set_vm(_metadata, "overcommit_memory", OVERCOMMIT_ALWAYS);
	p = map(size, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("%llu bytes refused in mode 1", size);
	munmap(p, size);
}

/* Mode 0 refuses a single request of more than RAM + swap, to the page. */
TEST_F(overcommit, mode0_guess)
{
	unsigned long long size = ram_swap(_metadata), page = sysconf(_SC_PAGESIZE);
	char why[REASON_LEN];
	void *p;

	/* Only mode 0 may refuse the larger mapping. */
	if (cannot_map(_metadata, size + page, true, why))
		SKIP(return, "%s", why);
	set_vm(_metadata, "overcommit_memory", OVERCOMMIT_GUESS);
	p = map(size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENOMEM, errno);
	p = map(size, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, size);
}

/* A large mapping costs no memory until it is touched. */
TEST_F(overcommit, mode0_demand_paging)
{
	unsigned long long size = ram_swap(_metadata) / 4 * 3;
	size_t page = sysconf(_SC_PAGESIZE), touch = 32 * MiB, off;
	char why[REASON_LEN];
	long rss0, rss1, rss2;
	char *p;

	if (cannot_map(_metadata, size, true, why))
		SKIP(return, "%s", why);
	set_vm(_metadata, "overcommit_memory", OVERCOMMIT_GUESS);
	rss0 = STATUS_KB("RssAnon");
	p = map(size, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	ASSERT_NE(MAP_FAILED, p);
	/* Whole pages, not huge pages: RSS grows by exactly what is touched. */
	madvise(p, size, MADV_NOHUGEPAGE);
	rss1 = STATUS_KB("RssAnon");
	EXPECT_LE(rss1 - rss0, 1024) TH_LOG("mapping %llu bytes added %ld kB of RSS",
					    size, rss1 - rss0);
	for (off = 0; off < touch; off += page)
		p[off] = 1;
	rss2 = STATUS_KB("RssAnon");
	EXPECT_LE(labs(rss2 - rss1 - (long)(touch / 1024)), 1024)
		TH_LOG("touching %zu kB added %ld kB of RSS", touch / 1024, rss2 - rss1);
	munmap(p, size);
}

TEST_F(overcommit, invalid_mode)
{
	static const char * const bad[] = { "3", "-1", "text" };
	long before;
	int i;

	before = get_vm("overcommit_memory");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, write_string(SYSCTL_VM "overcommit_memory", bad[i]))
			TH_LOG("writing \"%s\"", bad[i]);
		EXPECT_EQ(before, get_vm("overcommit_memory"));
	}
}

TEST_HARNESS_MAIN
