// SPDX-License-Identifier: GPL-2.0
/*
 * OOM score and oom_score_adj, as /proc shows them.
 *
 * /proc/<pid>/oom_score (proc_oom_score() in fs/proc/base.c) is
 *   (1000 + badness * 1000 / totalpages) * 2 / 3
 * with totalpages = RAM + swap in pages and, from oom_badness() in
 * mm/oom_kill.c,
 *   badness = rss + swap entries + page tables / PAGE_SIZE
 *             + oom_score_adj * (totalpages / 1000),
 * and 0 for oom_score_adj -1000. So an idle adj-0 task reads about 666,
 * not 0, and adj +1000 gives at least 1333: the range is 0..2000 scaled by
 * 2/3, not 0..1000.
 *
 * oom_score_adj takes -1000..1000 (__set_oom_adj()); below the task's
 * oom_score_adj_min only with CAP_SYS_RESOURCE. The legacy oom_adj takes
 * -17..15, scaled linearly (Documentation/filesystems/proc.rst): 15 to
 * 1000, -17 to -1000; lowering it needs CAP_SYS_RESOURCE. Processes that
 * share an mm share one oom_score_adj.
 *
 * The OOM killer's choice is tested in memcg_oom_test.c.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/oom.h>

#include "kselftest_harness.h"
#include "mm_errors.h"

#define MiB		(1024L * 1024)
#define TOLERANCE	2	/* oom_score points; rss moves by a page or two */

static long page_kb(void)
{
	return sysconf(_SC_PAGESIZE) / 1024;
}

static long total_pages(struct __test_metadata *_metadata)
{
	return (MEMINFO_KB("MemTotal") + MEMINFO_KB("SwapTotal")) / page_kb();
}

static long pid_long(pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	return read_long(path);
}

/*
 * Write oom_score_adj or oom_adj of pid, 0 for the calling process: 0 or
 * -errno.
 */
static int set_adj(pid_t pid, const char *file, long adj)
{
	char path[64], buf[32];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	snprintf(buf, sizeof(buf), "%ld", adj);
	return write_string(path, buf);
}

/* oom_score as fs/proc/base.c computes it, from /proc/<pid>/status. */
static long expected_score(struct __test_metadata *_metadata, pid_t pid)
{
	long totalpages = total_pages(_metadata);
	long adj = pid_long(pid, "oom_score_adj");
	long long points;

	if (adj == OOM_SCORE_ADJ_MIN)
		return 0;
	points = (pid_status_kb(_metadata, pid, "VmRSS") +
		  pid_status_kb(_metadata, pid, "VmSwap") +
		  pid_status_kb(_metadata, pid, "VmPTE")) / page_kb();
	points += adj * (long long)(totalpages / 1000);
	return (1000 + points * 1000 / totalpages) * 2 / 3;
}

/*
 * A child that holds some memory and obeys one-byte commands:
 * 'm' maps TOUCH_MIB without touching it, 't' touches it, 'p' pages it out
 * (MADV_PAGEOUT: to swap, if there is any).
 */
#define BASE_MIB	4L
#define TOUCH_MIB	64L

static void child_loop(int cmd, int ack, long adj)
{
	size_t page = sysconf(_SC_PAGESIZE), off;
	char *base, *area = NULL, c;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	c = set_adj(0, "oom_score_adj", adj) ? 'e' : 'r';
	base = malloc(BASE_MIB * MiB);
	if (!base)
		c = 'e';
	else
		memset(base, 1, BASE_MIB * MiB);
	for (;;) {
		if (write(ack, &c, 1) != 1 || read(cmd, &c, 1) != 1)
			_exit(1);
		if (c == 'm') {
			area = mmap(NULL, TOUCH_MIB * MiB, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (area == MAP_FAILED)
				c = 'e';
			else
				madvise(area, TOUCH_MIB * MiB, MADV_NOHUGEPAGE);
		} else if (c == 't' && area && area != MAP_FAILED) {
			for (off = 0; off < TOUCH_MIB * MiB; off += page)
				area[off] = 1;
		} else if (c == 'p' && area && area != MAP_FAILED) {
			if (madvise(area, TOUCH_MIB * MiB, MADV_PAGEOUT))
				c = 'e';
		}
	}
}

FIXTURE(oom_score) {
	pid_t child;
	int cmd, ack;
};

FIXTURE_VARIANT(oom_score) {
	long adj;
};

FIXTURE_VARIANT_ADD(oom_score, adj_0) { .adj = 0 };
FIXTURE_VARIANT_ADD(oom_score, adj_500) { .adj = 500 };
FIXTURE_VARIANT_ADD(oom_score, adj_1000) { .adj = OOM_SCORE_ADJ_MAX };
FIXTURE_VARIANT_ADD(oom_score, adj_minus_500) { .adj = -500 };
FIXTURE_VARIANT_ADD(oom_score, adj_minus_1000) { .adj = OOM_SCORE_ADJ_MIN };

/*
 * Why this host cannot give the child mib MiB more, or NULL. The child is
 * forked from the test process: what the test process can map, so can it.
 */
static const char *no_room(struct __test_metadata *_metadata, long mib, char *why)
{
	if (cannot_map(_metadata, (BASE_MIB + mib) * MiB, true, why))
		return why;
	return commit_refuses(_metadata, mib * 1024, why);
}

FIXTURE_SETUP(oom_score)
{
	int to_child[2], from_child[2];
	char c, why[REASON_LEN];

	self->child = 0;
	if (variant->adj < 0 && !have_cap(CAP_SYS_RESOURCE))
		SKIP(return, "a negative oom_score_adj needs CAP_SYS_RESOURCE");
	if (no_room(_metadata, 0, why))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(from_child));
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child)
		child_loop(to_child[0], from_child[1], variant->adj);
	close(to_child[0]);
	close(from_child[1]);
	self->cmd = to_child[1];
	self->ack = from_child[0];
	ASSERT_EQ(1, read(self->ack, &c, 1));
	ASSERT_EQ('r', c) TH_LOG("the child could not set up");
}

FIXTURE_TEARDOWN(oom_score)
{
	if (self->child <= 0)
		return;
	kill(self->child, SIGKILL);
	waitpid(self->child, NULL, 0);
	close(self->cmd);
	close(self->ack);
}

/* Send a command to the child over cmd and wait for its ack. */
static void command(struct __test_metadata *_metadata, int cmd, int ack, char c)
{
	ASSERT_EQ(1, write(cmd, &c, 1));
	ASSERT_EQ(1, read(ack, &c, 1));
	ASSERT_NE('e', c);
}

TEST_F(oom_score, formula)
{
	long score = pid_long(self->child, "oom_score");
	long expected = expected_score(_metadata, self->child);

	EXPECT_LE(labs(score - expected), TOLERANCE)
		TH_LOG("oom_score %ld, formula %ld", score, expected);
	/*
	 * The range, whatever the task's size: adj 0 gives 666 plus the
	 * task's share, which for a child of BASE_MIB (and its page tables
	 * and libc, well under BASE_MIB more) is at most the score of
	 * 2 * BASE_MIB out of RAM + swap.
	 */
	if (variant->adj == 0) {
		EXPECT_LE(666, score);
		EXPECT_GE((1000 + 2 * BASE_MIB * 1024 / page_kb() * 1000 /
			   total_pages(_metadata)) * 2 / 3, score);
	} else if (variant->adj == OOM_SCORE_ADJ_MAX) {
		EXPECT_LE(1333, score);
	} else if (variant->adj == OOM_SCORE_ADJ_MIN) {
		EXPECT_EQ(0, score);
	}
}

/* Mapping memory does not count; touching it does, by the formula. */
TEST_F(oom_score, touch_raises)
{
	long before, mapped, touched, predicted;
	char why[REASON_LEN];

	if (no_room(_metadata, TOUCH_MIB, why))
		SKIP(return, "%s", why);
	before = pid_long(self->child, "oom_score");
	command(_metadata, self->cmd, self->ack, 'm');
	mapped = pid_long(self->child, "oom_score");
	EXPECT_LE(labs(mapped - before), 1)
		TH_LOG("mapping %ld MiB moved oom_score from %ld to %ld",
		       TOUCH_MIB, before, mapped);
	command(_metadata, self->cmd, self->ack, 't');
	touched = pid_long(self->child, "oom_score");
	predicted = variant->adj == OOM_SCORE_ADJ_MIN ? 0 :
		TOUCH_MIB * 1024 / page_kb() * 1000 / total_pages(_metadata) * 2 / 3;
	EXPECT_LE(labs(touched - mapped - predicted), TOLERANCE)
		TH_LOG("touching %ld MiB moved oom_score from %ld to %ld, predicted +%ld",
		       TOUCH_MIB, mapped, touched, predicted);
	EXPECT_LE(labs(touched - expected_score(_metadata, self->child)), TOLERANCE);
}

/*
 * Why the child's anonymous pages cannot go to swap, or NULL: no swap, too
 * little of it free, or memory.swap.max 0 on the cgroup v2 path of this
 * process (the child's too), which reclaim obeys.
 */
static const char *no_swap(struct __test_metadata *_metadata, char *why)
{
	long total = MEMINFO_KB("SwapTotal"), free = MEMINFO_KB("SwapFree");
	char root[PATH_MAX], cg[PATH_MAX], buf[PATH_MAX], max[32], *p, *end;

	if (!total) {
		snprintf(why, REASON_LEN,
			 "no swap (SwapTotal 0 kB): MADV_PAGEOUT cannot move anonymous pages out");
		return why;
	}
	if (free < TOUCH_MIB * 1024) {
		snprintf(why, REASON_LEN, "SwapFree %ld kB cannot take the %ld MiB paged out",
			 free, TOUCH_MIB);
		return why;
	}
	if (cg_find_unified_root(root, sizeof(root), NULL) ||
	    proc_read_text(0, false, "cgroup", buf, sizeof(buf)) < 0)
		return NULL;
	for (p = strstr(buf, "0::/"); p && p != buf && p[-1] != '\n'; p = strstr(p + 1, "0::/"))
		;
	if (!p)
		return NULL;
	p += 3;
	p[strcspn(p, "\n")] = '\0';
	/* The cgroup, then each parent up to the root, which has no limit. */
	while (*p) {
		snprintf(cg, sizeof(cg), "%s%s", root, p);
		if (!cg_read(cg, "memory.swap.max", max, sizeof(max)) && !strcmp(max, "0\n")) {
			snprintf(why, REASON_LEN, "memory.swap.max is 0 in cgroup %.150s", p);
			return why;
		}
		end = strrchr(p, '/');
		*end = '\0';
	}
	return NULL;
}

/*
 * Pages pushed out to swap still count: oom_badness() adds the task's swap
 * entries (MM_SWAPENTS) to its rss, so oom_score stays where it was while
 * VmRSS moves to VmSwap. Without swap there is nothing to check.
 */
TEST_F(oom_score, swapped_out_still_counts)
{
	char why[REASON_LEN];
	long rss, swap, score;

	if (no_swap(_metadata, why) || no_room(_metadata, TOUCH_MIB, why))
		SKIP(return, "%s", why);
	command(_metadata, self->cmd, self->ack, 'm');
	command(_metadata, self->cmd, self->ack, 't');
	rss = pid_status_kb(_metadata, self->child, "VmRSS");
	score = pid_long(self->child, "oom_score");
	command(_metadata, self->cmd, self->ack, 'p');
	swap = pid_status_kb(_metadata, self->child, "VmSwap");
	EXPECT_LE(TOUCH_MIB * 1024 / 2, swap)
		TH_LOG("%ld kB of the %ld MiB touched went to swap", swap, TOUCH_MIB);
	EXPECT_LE(labs(pid_status_kb(_metadata, self->child, "VmRSS") + swap - rss), 1024)
		TH_LOG("VmRSS %ld kB before, VmSwap %ld kB after", rss, swap);
	EXPECT_LE(labs(pid_long(self->child, "oom_score") - score), TOLERANCE)
		TH_LOG("oom_score %ld before paging out %ld kB, %ld after", score, swap,
		       pid_long(self->child, "oom_score"));
}

/* oom_score_adj of this (test) process. */
static long own_adj(void)
{
	return read_long("/proc/self/oom_score_adj");
}

TEST(oom_score_adj_range)
{
	static const long good[] = {
		0, 1, OOM_SCORE_ADJ_MAX - 1, OOM_SCORE_ADJ_MAX,
		-1, OOM_SCORE_ADJ_MIN + 1, OOM_SCORE_ADJ_MIN, 0
	};
	static const char * const bad[] = { "1001", "-1001", "text", "" };
	bool privileged = have_cap(CAP_SYS_RESOURCE);
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		if (good[i] < 0 && !privileged)
			continue;
		EXPECT_EQ(0, set_adj(getpid(), "oom_score_adj", good[i]))
			TH_LOG("writing %ld", good[i]);
		EXPECT_EQ(good[i], own_adj());
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		long before = own_adj();

		EXPECT_EQ(-EINVAL, write_string("/proc/self/oom_score_adj", bad[i]))
			TH_LOG("writing \"%s\"", bad[i]);
		EXPECT_EQ(before, own_adj());
	}
	if (!privileged)
		SKIP(return, "negative values need CAP_SYS_RESOURCE; checked 0..1000");
}

/* In a child of a test: on error err, say which step failed, and end. */
static void child_check(int err, const char *step)
{
	if (!err)
		return;
	ksft_print_msg("child %d: %s: %s\n", getpid(), step, strerror(err));
	_exit(1);
}

/* In a child of a test: the write ret returned must have failed with EACCES. */
static void child_refused(int ret, const char *step)
{
	if (ret == -EACCES)
		return;
	ksft_print_msg("child %d: %s: %s, not EACCES\n", getpid(), step,
		       ret ? strerror(-ret) : "written");
	_exit(1);
}

/*
 * A privileged write also sets oom_score_adj_min; without CAP_SYS_RESOURCE
 * the task may raise its value, and lower it only down to that minimum.
 */
TEST(oom_score_adj_min)
{
	pid_t pid;
	int status;

	if (!have_cap(CAP_SYS_RESOURCE) || !have_cap(CAP_SETUID) || !have_cap(CAP_SETGID))
		SKIP(return, "needs CAP_SYS_RESOURCE, CAP_SETUID and CAP_SETGID");
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		long adj;

		child_check(-set_adj(0, "oom_score_adj", 500), "setting 500 as root");
		/* Only oom_score_adj sets the minimum, oom_adj does not. */
		child_check(-set_adj(0, "oom_adj", OOM_ADJUST_MAX), "setting oom_adj 15 as root");
		child_check(setgid(65534) || setuid(65534) ? errno : 0, "dropping root");
		/*
		 * Changing credentials made us non-dumpable, which makes
		 * /proc/self root's; make it ours again, so that EACCES can
		 * only come from oom_score_adj_min.
		 */
		child_check(prctl(PR_SET_DUMPABLE, 1) ? errno : 0, "PR_SET_DUMPABLE");
		child_check(-set_adj(0, "oom_score_adj", 600),
			    "lowering from 1000 to 600, above oom_score_adj_min");
		/* oom_adj 9 is 529: above the minimum, but oom_adj never lowers. */
		child_refused(set_adj(0, "oom_adj", 9), "lowering oom_adj to 9");
		child_refused(set_adj(0, "oom_score_adj", 400),
			      "lowering to 400, below oom_score_adj_min");
		adj = read_long("/proc/self/oom_score_adj");
		child_check(adj == 600 ? 0 : EINVAL, "a refused write changed oom_score_adj");
		child_check(-set_adj(0, "oom_score_adj", 700), "raising to 700");
		child_check(-set_adj(0, "oom_score_adj", 500),
			    "going back down to oom_score_adj_min");
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("the unprivileged child failed (see above)");
}

TEST(oom_score_adj_inherited)
{
	pid_t pid;
	int status;

	ASSERT_EQ(0, set_adj(getpid(), "oom_score_adj", 123));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(own_adj() == 123 ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("the child did not inherit oom_score_adj 123");
}

/*
 * A number padded with blanks beyond what the kernel reads of a write:
 * the kernel copies a write into a small array on its stack, so it must
 * take only a part of a long one, never more than was written, and the
 * number in it.
 */
TEST(padded_write)
{
	static const struct {
		const char *file, *number;
		long adj;
	} writes[] = {
		{ "oom_score_adj", "500", 500 },
		{ "oom_adj", "15", OOM_SCORE_ADJ_MAX },
	};
	char path[64], buf[64];
	size_t len, i;
	ssize_t n;

	for (i = 0; i < ARRAY_SIZE(writes); i++) {
		snprintf(path, sizeof(path), "/proc/self/%s", writes[i].file);
		for (len = strlen(writes[i].number) + 1; len <= sizeof(buf); len++) {
			ASSERT_EQ(0, set_adj(0, "oom_score_adj", 0));
			memset(buf, ' ', len - 1);
			buf[len - 1] = '\n';
			memcpy(buf, writes[i].number, strlen(writes[i].number));
			n = write_text(path, buf, len);
			EXPECT_TRUE(n > 0 && (size_t)n <= len)
				TH_LOG("a write of %zu bytes to %s returned %zd", len,
				       writes[i].file, n);
			EXPECT_EQ(writes[i].adj, own_adj())
				TH_LOG("%s padded to %zu bytes, written to %s", writes[i].number,
				       len, writes[i].file);
		}
	}
}

/* The files of a reaped task stay open, but read and write ESRCH. */
TEST(reaped_task)
{
	static const char * const files[] = { "oom_score_adj", "oom_adj" };
	int fd[ARRAY_SIZE(files)], sync[2], err;
	char path[64], c;
	size_t i;
	pid_t pid;

	ASSERT_EQ(0, pipe(sync));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(sync[1]);
		read(sync[0], &c, 1);
		_exit(0);
	}
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		fd[i] = open(path, O_RDWR);
		ASSERT_LE(0, fd[i]) TH_LOG("opening %s: %s", path, strerror(errno));
	}
	close(sync[1]);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		EXPECT_EQ(-1, read(fd[i], path, sizeof(path)));
		err = errno;
		EXPECT_EQ(ESRCH, err) TH_LOG("reading %s: %s", files[i], strerror(err));
		EXPECT_EQ(-1, write(fd[i], "0", 1));
		err = errno;
		EXPECT_EQ(ESRCH, err) TH_LOG("writing %s: %s", files[i], strerror(err));
		close(fd[i]);
	}
	close(sync[0]);
}

/* A child of clone(CLONE_VM) without CLONE_VFORK: it shares our mm. */
static int shared_mm_child(void *arg)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
	return 0;
}

/*
 * The OOM killer kills every process that shares the victim's mm
 * (__oom_kill_process()), so such processes have one oom_score_adj:
 * a write for one sets it for all.
 */
TEST(shared_mm)
{
	const size_t stack_size = 64 * 1024;
	char *stack;
	pid_t pid;

	stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	ASSERT_NE(MAP_FAILED, stack);
	pid = clone(shared_mm_child, stack + stack_size, CLONE_VM | SIGCHLD, NULL);
	ASSERT_LE(0, pid) TH_LOG("clone(CLONE_VM): %s", strerror(errno));
	EXPECT_EQ(0, set_adj(0, "oom_score_adj", 234));
	EXPECT_EQ(234, pid_long(pid, "oom_score_adj"))
		TH_LOG("our write did not reach the process sharing our mm");
	EXPECT_EQ(0, set_adj(pid, "oom_score_adj", 345));
	EXPECT_EQ(345, own_adj())
		TH_LOG("a write for the process sharing our mm did not reach us");
	EXPECT_EQ(0, set_adj(0, "oom_adj", OOM_ADJUST_MAX));
	EXPECT_EQ(OOM_SCORE_ADJ_MAX, pid_long(pid, "oom_score_adj"))
		TH_LOG("our write of oom_adj did not reach the process sharing our mm");
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	munmap(stack, stack_size);
}

TEST(legacy_oom_adj)
{
	ASSERT_EQ(0, set_adj(getpid(), "oom_adj", OOM_ADJUST_MAX));
	EXPECT_EQ(OOM_SCORE_ADJ_MAX, own_adj());
	EXPECT_EQ(OOM_ADJUST_MAX, read_long("/proc/self/oom_adj"));
	if (!have_cap(CAP_SYS_RESOURCE))
		SKIP(return, "oom_adj OOM_DISABLE needs CAP_SYS_RESOURCE; checked OOM_ADJUST_MAX");
	ASSERT_EQ(0, set_adj(getpid(), "oom_adj", OOM_DISABLE));
	EXPECT_EQ(OOM_SCORE_ADJ_MIN, own_adj());
	EXPECT_EQ(OOM_DISABLE, read_long("/proc/self/oom_adj"));
}

/*
 * oom_adj is scaled linearly to oom_score_adj, and reads back, for every
 * oom_score_adj, a value in its own range, in the same order, 0 for 0.
 */
TEST(legacy_oom_adj_scale)
{
	static const char * const bad[] = { "16", "-18", "text", "" };
	long adj, oom_adj, last = OOM_DISABLE, lowest;
	bool privileged = have_cap(CAP_SYS_RESOURCE), wrong;
	size_t i;

	lowest = privileged ? OOM_SCORE_ADJ_MIN : 0;
	ASSERT_EQ(0, set_adj(0, "oom_score_adj", lowest));
	for (adj = privileged ? OOM_ADJUST_MIN : 0; adj < OOM_ADJUST_MAX; adj++) {
		ASSERT_EQ(0, set_adj(0, "oom_adj", adj)) TH_LOG("writing oom_adj %ld", adj);
		EXPECT_EQ(adj * OOM_SCORE_ADJ_MAX / -OOM_DISABLE, own_adj())
			TH_LOG("oom_adj %ld", adj);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		long before = own_adj();

		EXPECT_EQ(-EINVAL, write_string("/proc/self/oom_adj", bad[i]))
			TH_LOG("writing \"%s\"", bad[i]);
		EXPECT_EQ(before, own_adj());
	}
	for (adj = lowest; adj <= OOM_SCORE_ADJ_MAX; adj++) {
		ASSERT_EQ(0, set_adj(0, "oom_score_adj", adj));
		oom_adj = read_long("/proc/self/oom_adj");
		wrong = oom_adj < last || oom_adj > OOM_ADJUST_MAX || (!adj && oom_adj) ||
			(adj == OOM_SCORE_ADJ_MIN && oom_adj != OOM_DISABLE) ||
			(adj == OOM_SCORE_ADJ_MAX && oom_adj != OOM_ADJUST_MAX);
		EXPECT_FALSE(wrong)
			TH_LOG("oom_score_adj %ld reads oom_adj %ld, after %ld for %ld",
			       adj, oom_adj, last, adj - 1);
		if (wrong)
			break;
		last = oom_adj;
	}
	if (!privileged)
		SKIP(return, "negative values need CAP_SYS_RESOURCE; checked 0..15");
}

TEST_HARNESS_MAIN
