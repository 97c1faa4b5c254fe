// SPDX-License-Identifier: GPL-2.0
/*
 * OOM score and oom_score_adj, as /proc shows them, and the OOM killer's
 * choice inside a memory cgroup.
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
 * oom_score_adj_min only with CAP_SYS_RESOURCE. The legacy oom_adj maps 15
 * to 1000 and -17 to -1000.
 *
 * The OOM killer test runs only inside a memory cgroup with a small
 * memory.max, never against the whole system.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#include "kselftest_harness.h"
#include "mm_errors.h"

#define MiB		(1024L * 1024)
#define TOLERANCE	2	/* oom_score points; rss moves by a page or two */

static long page_kb(void)
{
	return sysconf(_SC_PAGESIZE) / 1024;
}

static long total_pages(void)
{
	return (meminfo_kb("MemTotal") + meminfo_kb("SwapTotal")) / page_kb();
}

static long pid_status_kb(pid_t pid, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	return proc_kb(path, key);
}

static long pid_long(pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	return read_long(path);
}

/* Write oom_score_adj or oom_adj of pid, 0 for the calling process. */
static int set_adj(pid_t pid, const char *file, long adj)
{
	char path[64], buf[32];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	snprintf(buf, sizeof(buf), "%ld", adj);
	return write_text(path, buf);
}

/* oom_score as fs/proc/base.c computes it, from /proc/<pid>/status. */
static long expected_score(pid_t pid)
{
	long totalpages = total_pages();
	long adj = pid_long(pid, "oom_score_adj");
	long points;

	if (adj == -1000)
		return 0;
	points = (pid_status_kb(pid, "VmRSS") + pid_status_kb(pid, "VmSwap") +
		  pid_status_kb(pid, "VmPTE")) / page_kb();
	points += adj * (totalpages / 1000);
	return (1000 + points * 1000 / totalpages) * 2 / 3;
}

/*
 * A child that holds some memory and obeys one-byte commands:
 * 'm' maps TOUCH_MIB without touching it, 't' touches it.
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
FIXTURE_VARIANT_ADD(oom_score, adj_1000) { .adj = 1000 };
FIXTURE_VARIANT_ADD(oom_score, adj_minus_500) { .adj = -500 };
FIXTURE_VARIANT_ADD(oom_score, adj_minus_1000) { .adj = -1000 };

FIXTURE_SETUP(oom_score)
{
	int to_child[2], from_child[2];
	char c;

	self->child = 0;
	if (variant->adj < 0 && geteuid())
		SKIP(return, "a negative oom_score_adj needs CAP_SYS_RESOURCE");
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
	long expected = expected_score(self->child);

	EXPECT_LE(labs(score - expected), TOLERANCE)
		TH_LOG("oom_score %ld, formula %ld", score, expected);
	if (variant->adj == 0) {
		/* A small task: 666 plus at most 1.5% of RAM + swap. */
		EXPECT_LE(666, score);
		EXPECT_GE(676, score);
	} else if (variant->adj == 1000) {
		EXPECT_LE(1333, score);
	} else if (variant->adj == -1000) {
		EXPECT_EQ(0, score);
	}
}

/* Mapping memory does not count; touching it does, by the formula. */
TEST_F(oom_score, touch_raises)
{
	long before, mapped, touched, predicted;

	before = pid_long(self->child, "oom_score");
	command(_metadata, self->cmd, self->ack, 'm');
	mapped = pid_long(self->child, "oom_score");
	EXPECT_LE(labs(mapped - before), 1)
		TH_LOG("mapping %ld MiB moved oom_score from %ld to %ld",
		       TOUCH_MIB, before, mapped);
	command(_metadata, self->cmd, self->ack, 't');
	touched = pid_long(self->child, "oom_score");
	predicted = variant->adj == -1000 ? 0 :
		TOUCH_MIB * 1024 / page_kb() * 1000 / total_pages() * 2 / 3;
	EXPECT_LE(labs(touched - mapped - predicted), TOLERANCE)
		TH_LOG("touching %ld MiB moved oom_score from %ld to %ld, predicted +%ld",
		       TOUCH_MIB, mapped, touched, predicted);
	EXPECT_LE(labs(touched - expected_score(self->child)), TOLERANCE);
}

/* oom_score_adj of this (test) process. */
static long own_adj(void)
{
	return read_long("/proc/self/oom_score_adj");
}

TEST(oom_score_adj_range)
{
	static const long good[] = { 0, 1, 999, 1000, -1, -999, -1000, 0 };
	static const char * const bad[] = { "1001", "-1001", "text", "" };
	bool root = !geteuid();
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		if (good[i] < 0 && !root)
			continue;
		EXPECT_EQ(0, set_adj(getpid(), "oom_score_adj", good[i]))
			TH_LOG("writing %ld", good[i]);
		EXPECT_EQ(good[i], own_adj());
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		long before = own_adj();

		EXPECT_EQ(EINVAL, write_text("/proc/self/oom_score_adj", bad[i]))
			TH_LOG("writing \"%s\"", bad[i]);
		EXPECT_EQ(before, own_adj());
	}
	if (!root)
		SKIP(return, "negative values need CAP_SYS_RESOURCE; checked 0..1000");
}

/*
 * A privileged write also sets oom_score_adj_min; without CAP_SYS_RESOURCE
 * the task may raise its value, and lower it only down to that minimum.
 */
TEST(oom_score_adj_min)
{
	pid_t pid;
	int status;

	if (geteuid())
		SKIP(return, "needs root to set oom_score_adj_min and drop CAP_SYS_RESOURCE");
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (set_adj(0, "oom_score_adj", 500))
			_exit(1);
		if (setgid(65534) || setuid(65534))
			_exit(2);
		/*
		 * Changing credentials made us non-dumpable, which makes
		 * /proc/self root's; make it ours again, so that EACCES can
		 * only come from oom_score_adj_min.
		 */
		if (prctl(PR_SET_DUMPABLE, 1))
			_exit(2);
		if (set_adj(0, "oom_score_adj", 400) != EACCES)
			_exit(3);
		if (read_long("/proc/self/oom_score_adj") != 500)
			_exit(4);
		if (set_adj(0, "oom_score_adj", 600))
			_exit(5);
		if (set_adj(0, "oom_score_adj", 500))
			_exit(6);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	/*
	 * Steps: 1 set 500, 2 drop root, 3 lowering to 400 was not EACCES,
	 * 4 the value changed, 5 raising to 600, 6 back to the minimum.
	 */
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("step %d failed", WEXITSTATUS(status));
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

TEST(legacy_oom_adj)
{
	ASSERT_EQ(0, set_adj(getpid(), "oom_adj", 15));
	EXPECT_EQ(1000, own_adj());
	EXPECT_EQ(15, read_long("/proc/self/oom_adj"));
	if (geteuid())
		SKIP(return, "oom_adj -17 needs CAP_SYS_RESOURCE; checked 15");
	ASSERT_EQ(0, set_adj(getpid(), "oom_adj", -17));
	EXPECT_EQ(-1000, own_adj());
	EXPECT_EQ(-17, read_long("/proc/self/oom_adj"));
}

/*
 * Three children of 8 MiB each in a 64 MiB memory cgroup (adj 0, 1000 and
 * -1000), then a fourth that needs 40 MiB: the cgroup goes over its limit
 * and the OOM killer must kill the adj-1000 child, the one with the highest
 * oom_score, and nothing else.
 *
 * In a memcg OOM, oom_badness() gets totalpages = memory.max
 * (constrained_alloc()), so oom_score_adj weighs against the cgroup's
 * 16384 pages, not against RAM as in /proc/<pid>/oom_score: adj 500 would
 * add only 8000 pages, less than the 40 MiB child's own 10240.
 */
#define CG_ROOT		"/sys/fs/cgroup"
#define CG_LIMIT	"67108864"	/* 64 MiB */
#define HOLD_MIB	8L
#define GROW_MIB	40L

FIXTURE(memcg_oom) {
	char cg[128];
	pid_t kids[4];
	bool added_memory;
};

static bool has_word(const char *path, const char *word)
{
	char buf[512], *tok, *save;

	if (read_text(path, buf, sizeof(buf)))
		return false;
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!strcmp(tok, word))
			return true;
	return false;
}

FIXTURE_SETUP(memcg_oom)
{
	char path[192];
	struct stat st;

	memset(self, 0, sizeof(*self));
	if (geteuid())
		SKIP(return, "needs root to create a memory cgroup");
	if (stat(CG_ROOT "/cgroup.controllers", &st))
		SKIP(return, "no cgroup v2 at " CG_ROOT);
	if (!has_word(CG_ROOT "/cgroup.controllers", "memory"))
		SKIP(return, "no memory controller (CONFIG_MEMCG) in cgroup v2");
	if (!has_word(CG_ROOT "/cgroup.subtree_control", "memory")) {
		ASSERT_EQ(0, write_text(CG_ROOT "/cgroup.subtree_control", "+memory"));
		self->added_memory = true;
	}
	snprintf(self->cg, sizeof(self->cg), CG_ROOT "/mm-errors-oom-%d", getpid());
	ASSERT_EQ(0, mkdir(self->cg, 0755));
	snprintf(path, sizeof(path), "%s/memory.max", self->cg);
	ASSERT_EQ(0, write_text(path, CG_LIMIT));
	snprintf(path, sizeof(path), "%s/memory.swap.max", self->cg);
	if (!stat(path, &st))
		ASSERT_EQ(0, write_text(path, "0"));
}

/* In the parent, so that the cgroup goes away even if the test was killed. */
FIXTURE_TEARDOWN_PARENT(memcg_oom)
{
	char path[192];
	int i;

	if (!self->cg[0])
		return;
	snprintf(path, sizeof(path), "%s/cgroup.kill", self->cg);
	write_text(path, "1");
	for (i = 0; i < ARRAY_SIZE(self->kids); i++)
		if (self->kids[i] > 0)
			kill(self->kids[i], SIGKILL);
	/* rmdir succeeds once the killed tasks have left the cgroup. */
	for (i = 0; i < 100 && rmdir(self->cg) && errno == EBUSY; i++)
		usleep(10000);
	if (self->added_memory)
		write_text(CG_ROOT "/cgroup.subtree_control", "-memory");
}

/* Fork a child into the cgroup that touches mib MiB, then holds or exits. */
static pid_t spawn(const char *cg, long adj, long mib, bool hold)
{
	char path[192], c = 'r';
	int fds[2];
	pid_t pid;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	if (pipe(fds))
		return -1;
	pid = fork();
	if (!pid) {
		char *p;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(fds[0]);
		if (write_text(path, "0") || set_adj(0, "oom_score_adj", adj))
			_exit(2);
		p = mmap(NULL, mib * MiB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		memset(p, 1, mib * MiB);
		if (!hold)
			_exit(0);
		if (write(fds[1], &c, 1) != 1)
			_exit(4);
		pause();
		_exit(0);
	}
	close(fds[1]);
	if (pid > 0 && hold && read(fds[0], &c, 1) != 1)
		pid = -1;
	close(fds[0]);
	return pid;
}

static long memcg_event(const char *cg, const char *key)
{
	char path[192], buf[512], *p;
	size_t len = strlen(key);

	snprintf(path, sizeof(path), "%s/memory.events", cg);
	if (read_text(path, buf, sizeof(buf)))
		return -1;
	for (p = buf; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, key, len) && p[len] == ' ')
			return strtol(p + len + 1, NULL, 10);
	}
	return -1;
}

/* Wait up to 5 s for pid to end; its wait status, or -1. */
static int reap(pid_t pid)
{
	int status, i;

	for (i = 0; i < 500; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	return -1;
}

TEST_F(memcg_oom, highest_score_is_killed)
{
	static const long adj[] = { 0, 1000, -1000 };
	long score[3], kills, found = 0;
	char line[1024], want[96];
	int i, kmsg, status;
	pid_t victim;
	ssize_t n;

	for (i = 0; i < 3; i++) {
		self->kids[i] = spawn(self->cg, adj[i], HOLD_MIB, true);
		ASSERT_LT(0, self->kids[i]) TH_LOG("child %d did not start", i);
	}
	for (i = 0; i < 3; i++)
		score[i] = pid_long(self->kids[i], "oom_score");
	EXPECT_GT(score[1], score[0]);
	EXPECT_EQ(0, score[2]);

	kills = memcg_event(self->cg, "oom_kill");
	ASSERT_LE(0, kills);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);

	self->kids[3] = spawn(self->cg, 0, GROW_MIB, false);
	ASSERT_LT(0, self->kids[3]);
	/*
	 * The growing child either completes or, if the victim's memory is
	 * not back in time, dies in a second memcg OOM; both are fine. What
	 * matters is the first kill.
	 */
	status = reap(self->kids[3]);
	if (status >= 0)
		self->kids[3] = 0;
	if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		TH_LOG("note: the %ld MiB child did not complete (status %#x)", GROW_MIB, status);

	victim = self->kids[1];
	status = reap(victim);
	EXPECT_TRUE(status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		TH_LOG("the adj-1000 child was not SIGKILLed (status %#x)", status);
	if (status >= 0)
		self->kids[1] = 0;
	EXPECT_EQ(0, waitpid(self->kids[0], NULL, WNOHANG)) TH_LOG("the adj-0 child is gone");
	EXPECT_EQ(0, waitpid(self->kids[2], NULL, WNOHANG)) TH_LOG("the adj--1000 child is gone");
	EXPECT_LT(kills, memcg_event(self->cg, "oom_kill"));

	/* The first OOM kill after the trigger names the victim. */
	snprintf(want, sizeof(want), "Memory cgroup out of memory: Killed process %d (", victim);
	while ((n = read(kmsg, line, sizeof(line) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		line[n] = '\0';
		EXPECT_FALSE(strstr(line, "Out of memory: Killed process") &&
			     !strstr(line, "Memory cgroup")) TH_LOG("global OOM: %s", line);
		if (!found && strstr(line, "Memory cgroup out of memory: Killed process")) {
			found = 1;
			EXPECT_NE(NULL, strstr(line, want)) TH_LOG("first kill: %s", line);
		}
	}
	close(kmsg);
	EXPECT_EQ(1, found) TH_LOG("no \"%s\" in /dev/kmsg", want);
}

TEST_HARNESS_MAIN
