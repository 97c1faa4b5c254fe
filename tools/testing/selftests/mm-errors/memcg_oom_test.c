// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer's choice inside a memory cgroup: of the tasks in a cgroup
 * that goes over its memory.max, the one with the highest badness
 * (oom_badness() in mm/oom_kill.c) is killed with SIGKILL, a task with
 * oom_score_adj OOM_SCORE_ADJ_MIN never is, memory.events counts the kill,
 * and the kernel log says "Memory cgroup out of memory: Killed process
 * <pid>" (dump_oom_victim()).
 *
 * Three children of HOLD_MIB each in a CG_LIMIT_MIB cgroup (oom_score_adj
 * 0, OOM_SCORE_ADJ_MAX and OOM_SCORE_ADJ_MIN), then a fourth that needs
 * GROW_MIB: the OOM killer must kill the OOM_SCORE_ADJ_MAX child and
 * nothing else, also not a child outside the cgroup that would score
 * higher (OUTSIDE_MIB at OOM_SCORE_ADJ_MAX): a memcg OOM chooses among the
 * cgroup's tasks only (select_bad_process()). In a memcg OOM,
 * oom_badness() gets totalpages = memory.max (constrained_alloc()), so
 * oom_score_adj weighs against the cgroup's 16384 pages, not against RAM
 * as in /proc/<pid>/oom_score: adj 500 would add only 8000 pages, less
 * than the GROW_MIB child's own 10240.
 *
 * The test never causes a global OOM: everything happens inside the
 * cgroup, which is removed afterwards, also when the test is killed.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/oom.h>

#include "kselftest_harness.h"
#include "mm_errors.h"

#define MiB		(1024L * 1024)
#define CG_LIMIT_MIB	64L
#define HOLD_MIB	8L
#define GROW_MIB	40L
#define OUTSIDE_MIB	(2 * HOLD_MIB)
#define REAP_MS		5000

enum {
	KID_ADJ_0, KID_ADJ_MAX, KID_ADJ_MIN, NR_HOLDERS,
	KID_GROWER = NR_HOLDERS, KID_OUTSIDE, NR_KIDS
};

static const long holder_adj[NR_HOLDERS] = {
	[KID_ADJ_0] = 0,
	[KID_ADJ_MAX] = OOM_SCORE_ADJ_MAX,
	[KID_ADJ_MIN] = OOM_SCORE_ADJ_MIN,
};

/* What the fixture changed, so that it can be undone from any point. */
struct memcg {
	char root[PATH_MAX];
	char cg[PATH_MAX];
	bool added_memory;
	bool created;
	pid_t kids[NR_KIDS];
};

static void memcg_cleanup(struct memcg *m)
{
	int i;

	for (i = 0; i < NR_KIDS; i++)
		if (m->kids[i] > 0)
			kill(m->kids[i], SIGKILL);
	/* cg_destroy() kills what is left, retries while busy, accepts ENOENT. */
	if (m->created && cg_destroy(m->cg))
		ksft_print_msg("cannot remove %s: %s\n", m->cg, strerror(errno));
	m->created = false;
	if (m->added_memory && cg_write(m->root, "cgroup.subtree_control", "-memory"))
		ksft_print_msg("cannot disable the memory controller in %s again\n", m->root);
	m->added_memory = false;
}

FIXTURE(memcg_oom) {
	struct memcg m;
};

FIXTURE_SETUP(memcg_oom)
{
	struct memcg *m = &self->m;
	char why[REASON_LEN];

	memset(m, 0, sizeof(*m));
	if (geteuid())
		SKIP(return, "needs root to create a memory cgroup");
	if (cg_find_unified_root(m->root, sizeof(m->root), NULL))
		SKIP(return, "no cgroup v2 mounted");
	if (cg_read_strstr(m->root, "cgroup.controllers", "memory"))
		SKIP(return, "no memory controller (CONFIG_MEMCG) in cgroup v2");
	if (access(m->root, W_OK))
		SKIP(return, "cannot create a cgroup in %s: %s", m->root, strerror(errno));
	/* The children map at most this much at once, all forked from here. */
	if (cannot_map(_metadata, GROW_MIB * MiB, true, why) ||
	    commit_refuses(_metadata, (NR_HOLDERS * HOLD_MIB + GROW_MIB + OUTSIDE_MIB) * 1024, why))
		SKIP(return, "%s", why);
}

/*
 * The cgroup, made by the test rather than by FIXTURE_SETUP(): the harness
 * runs no teardown for a test process killed during setup. Each flag is
 * set before the change it records, so that the teardown also undoes a
 * change whose test process was killed right after making it.
 */
static void memcg_create(struct __test_metadata *_metadata, struct memcg *m)
{
	char buf[64];

	if (cg_read_strstr(m->root, "cgroup.subtree_control", "memory")) {
		m->added_memory = true;
		ASSERT_EQ(0, cg_write(m->root, "cgroup.subtree_control", "+memory"));
	}
	snprintf(m->cg, sizeof(m->cg), "%s/mm-errors-oom-%d", m->root, getpid());
	m->created = true;
	ASSERT_EQ(0, cg_create(m->cg)) TH_LOG("cannot create %s", m->cg);
	snprintf(buf, sizeof(buf), "%ld", CG_LIMIT_MIB * MiB);
	ASSERT_EQ(0, cg_write(m->cg, "memory.max", buf));
	/*
	 * No swap for the cgroup: with swap, the children would be pushed
	 * out to it instead of reaching memory.max, and the OOM killer would
	 * not run within the test's bounded sizes.
	 */
	if (!cg_read(m->cg, "memory.swap.max", buf, sizeof(buf)))
		ASSERT_EQ(0, cg_write(m->cg, "memory.swap.max", "0"));
}

/* In the parent, so that the cgroup goes away even if the test was killed. */
FIXTURE_TEARDOWN_PARENT(memcg_oom)
{
	memcg_cleanup(&self->m);
}

/* In a child: say what went wrong, and end. */
static void child_fail(const char *what)
{
	ksft_print_msg("child %d: %s: %s\n", getpid(), what, strerror(errno));
	_exit(1);
}

/*
 * Fork a child into the cgroup (NULL: stay in ours), with oom_score_adj
 * adj, that touches mib MiB and then holds it (hold) or exits. A holder is
 * returned once its memory is touched.
 */
static pid_t spawn(const char *cg, long adj, long mib, bool hold)
{
	char buf[32], c = 'r';
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (!pid) {
		char *p;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(fds[0]);
		if (cg && cg_enter_current(cg))
			child_fail("entering the cgroup");
		snprintf(buf, sizeof(buf), "%ld", adj);
		if (write_string("/proc/self/oom_score_adj", buf))
			child_fail("setting oom_score_adj");
		p = mmap(NULL, mib * MiB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			child_fail("mapping its memory");
		memset(p, 1, mib * MiB);
		if (!hold)
			_exit(0);
		if (write(fds[1], &c, 1) != 1)
			child_fail("reporting back");
		pause();
		_exit(0);
	}
	close(fds[1]);
	if (pid > 0 && hold && read(fds[0], &c, 1) != 1)
		pid = -1;
	close(fds[0]);
	return pid;
}

/* Wait up to REAP_MS for pid to end; its wait status, or -1. */
static int reap(pid_t pid)
{
	struct pollfd pfd = { .events = POLLIN };
	int status = -1;

	pfd.fd = syscall(__NR_pidfd_open, pid, 0);
	if (pfd.fd < 0)
		return -1;
	/* A pidfd polls readable once its process has exited. */
	if (poll(&pfd, 1, REAP_MS) != 1 || waitpid(pid, &status, 0) != pid)
		status = -1;
	close(pfd.fd);
	return status;
}

static long oom_score(pid_t pid)
{
	char buf[32];

	if (proc_read_text(pid, false, "oom_score", buf, sizeof(buf)) < 0)
		return -1;
	return atol(buf);
}

/*
 * The first "Memory cgroup out of memory: Killed process" line that
 * /dev/kmsg has after the position of fd names victim, and no global OOM
 * kill is logged.
 */
static void expect_first_kill(struct __test_metadata *_metadata, int fd, pid_t victim)
{
	char line[1024], want[96];
	bool found = false;
	ssize_t n;

	snprintf(want, sizeof(want), "Memory cgroup out of memory: Killed process %d (", victim);
	while ((n = read(fd, line, sizeof(line) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		line[n] = '\0';
		EXPECT_FALSE(strstr(line, "Out of memory: Killed process") &&
			     !strstr(line, "Memory cgroup")) TH_LOG("global OOM: %s", line);
		if (!found && strstr(line, "Memory cgroup out of memory: Killed process")) {
			found = true;
			EXPECT_NE(NULL, strstr(line, want)) TH_LOG("first kill: %s", line);
		}
	}
	EXPECT_TRUE(found) TH_LOG("no \"%s\" in /dev/kmsg", want);
}

TEST_F(memcg_oom, highest_score_is_killed)
{
	struct memcg *m = &self->m;
	long score[NR_HOLDERS], kills;
	int i, kmsg, status;
	pid_t victim;

	memcg_create(_metadata, m);
	/* The holders: the OOM_SCORE_ADJ_MAX one scores highest, the MIN one 0. */
	for (i = 0; i < NR_HOLDERS; i++) {
		m->kids[i] = spawn(m->cg, holder_adj[i], HOLD_MIB, true);
		ASSERT_LT(0, m->kids[i]) TH_LOG("holder %d did not start", i);
		score[i] = oom_score(m->kids[i]);
	}
	EXPECT_GT(score[KID_ADJ_MAX], score[KID_ADJ_0]);
	EXPECT_EQ(0, score[KID_ADJ_MIN]);
	m->kids[KID_OUTSIDE] = spawn(NULL, OOM_SCORE_ADJ_MAX, OUTSIDE_MIB, true);
	ASSERT_LT(0, m->kids[KID_OUTSIDE]) TH_LOG("the child outside the cgroup did not start");
	/* Same adj, more memory: it would be chosen if the walk reached it. */
	EXPECT_GT(pid_status_kb(_metadata, m->kids[KID_OUTSIDE], "VmRSS"),
		  pid_status_kb(_metadata, m->kids[KID_ADJ_MAX], "VmRSS"));

	/* A child that needs more than the cgroup has left. */
	kills = cg_read_key_long(m->cg, "memory.events", "oom_kill ");
	ASSERT_LE(0, kills);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);
	m->kids[KID_GROWER] = spawn(m->cg, 0, GROW_MIB, false);
	ASSERT_LT(0, m->kids[KID_GROWER]);
	/*
	 * It either completes or, if the victim's memory is not back in
	 * time, dies in a second memcg OOM; both are fine. What matters is
	 * the first kill.
	 */
	status = reap(m->kids[KID_GROWER]);
	if (status >= 0)
		m->kids[KID_GROWER] = 0;
	if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		TH_LOG("note: the %ld MiB child did not complete (status %#x)", GROW_MIB, status);

	/* The victim: the highest score, killed with SIGKILL; nobody else. */
	victim = m->kids[KID_ADJ_MAX];
	status = reap(victim);
	EXPECT_TRUE(status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		TH_LOG("the OOM_SCORE_ADJ_MAX child was not SIGKILLed (status %#x)", status);
	if (status >= 0)
		m->kids[KID_ADJ_MAX] = 0;
	EXPECT_EQ(0, waitpid(m->kids[KID_ADJ_0], NULL, WNOHANG))
		TH_LOG("the adj 0 child is gone");
	EXPECT_EQ(0, waitpid(m->kids[KID_ADJ_MIN], NULL, WNOHANG))
		TH_LOG("the OOM_SCORE_ADJ_MIN child is gone");
	EXPECT_EQ(0, waitpid(m->kids[KID_OUTSIDE], NULL, WNOHANG))
		TH_LOG("the child outside the cgroup is gone");
	EXPECT_LT(kills, cg_read_key_long(m->cg, "memory.events", "oom_kill "));

	/* The kernel log names it, as a memcg OOM. */
	expect_first_kill(_metadata, kmsg, victim);
	close(kmsg);
}

TEST_HARNESS_MAIN
