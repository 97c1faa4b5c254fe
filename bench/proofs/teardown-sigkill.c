// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown under fire: run a kselftest harness binary RUNS times and
 * SIGKILL its test process at a random point each time, then check that
 * the global state the fixtures change is back: the overcommit sysctls
 * and the two reserves,
 * the root cgroup's subtree_control and its child cgroups. Not part of the
 * series; workbench/teardown.sh builds it statically and runs it as root
 * in the test VM (vm-init.sh's "teardown" pass):
 *
 *   teardown-sigkill RUNS /kselftest/mm-errors/overcommit_test overcommit
 *
 * The fixture's tests come from the harness's -l listing (fixtures
 * without variants). Three runs of each test, without a kill, count the
 * system call stops of its test process (start_test(), run_test()). Each
 * run then starts one random test alone (-r FIXTURE.TEST) and SIGKILLs
 * its test process at a random one of those stops: a point in time would
 * not do, the tests are over in a few milliseconds. One line per run, a
 * summary line, and exit 0 only if RUNS kills landed and the state was
 * back after every run.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

static const char * const files[] = {
	"/proc/sys/vm/overcommit_memory",
	"/proc/sys/vm/overcommit_ratio",
	"/proc/sys/vm/overcommit_kbytes",
	"/proc/sys/vm/admin_reserve_kbytes",
	"/proc/sys/vm/user_reserve_kbytes",
	CGROUP_ROOT "/cgroup.subtree_control",
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* The global state: each file's content and the root's child cgroups. */
struct state {
	char file[NFILES][256];
	char cgroups[4096];
};

static void read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static void snapshot(struct state *s)
{
	struct dirent *e;
	DIR *d;
	size_t i;

	for (i = 0; i < NFILES; i++)
		read_file(files[i], s->file[i], sizeof(s->file[i]));
	s->cgroups[0] = '\0';
	d = opendir(CGROUP_ROOT);
	while (d && (e = readdir(d))) {
		if (e->d_type == DT_DIR && e->d_name[0] != '.' &&
		    strlen(s->cgroups) + strlen(e->d_name) + 2 < sizeof(s->cgroups)) {
			strcat(s->cgroups, e->d_name);
			strcat(s->cgroups, " ");
		}
	}
	if (d)
		closedir(d);
}

/* What differs between two snapshots, or "" when nothing does. */
static const char *diff(const struct state *a, const struct state *b)
{
	static char what[2 * sizeof(((struct state *)0)->cgroups) + 32];
	size_t i;

	for (i = 0; i < NFILES; i++)
		if (strcmp(a->file[i], b->file[i]))
			return strcpy(what, files[i]);
	if (strcmp(a->cgroups, b->cgroups)) {
		snprintf(what, sizeof(what), "cgroups: [%s] now [%s]", a->cgroups, b->cgroups);
		return what;
	}
	return "";
}

/*
 * Start BIN OPT ARG under ptrace and follow its forks until the test
 * process exists: the harness forks a child per test, which forks the
 * process that runs setup and the test (and runs the fixture's
 * FIXTURE_TEARDOWN_PARENT() teardown itself). The harness and its child
 * are detached as soon as they forked; the test process is returned (0 if
 * none came) stopped and still traced, and the harness in *harness.
 */
static pid_t start_test(const char *bin, const char *opt, const char *arg, pid_t *harness)
{
	pid_t h = fork(), pid, child = 0, test = 0, held = 0;
	unsigned long msg;
	int status;

	if (!h) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(bin, bin, opt, arg, (char *)NULL);
		_exit(127);
	}
	*harness = h;
	/* The harness stops at its exec. */
	if (waitpid(h, &status, 0) != h || !WIFSTOPPED(status))
		return 0;
	ptrace(PTRACE_SETOPTIONS, h, NULL, (void *)PTRACE_O_TRACEFORK);
	ptrace(PTRACE_CONT, h, NULL, NULL);
	/*
	 * A new tracee's first stop can come before or after its parent's
	 * fork event: hold such stops until it is known whose they are.
	 */
	while (!test) {
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0 || (pid == h && !WIFSTOPPED(status)))
			return 0;
		if (!WIFSTOPPED(status))
			continue;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_FORK << 8))) {
			ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
			ptrace(PTRACE_DETACH, pid, NULL, NULL);
			if (pid == h) {
				child = msg;
				if (held == child)
					ptrace(PTRACE_CONT, child, NULL, NULL);
			} else if (pid == child) {
				test = msg;
			}
		} else if (WSTOPSIG(status) == SIGSTOP && pid != h) {
			if (pid == child)
				ptrace(PTRACE_CONT, pid, NULL, NULL);
			else
				held = pid;
		} else {
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)WSTOPSIG(status));
		}
	}
	/* The test process's first stop: it stays traced (run_test()). */
	if (held != test)
		waitpid(test, &status, __WALL);
	return test;
}

#define MAX_TESTS 64

/* The tests of FIXTURE in the harness's -l listing. */
static int list_tests(const char *bin, const char *fixture, char tests[][128])
{
	char cmd[512], line[512], cur[128] = "", a[128], b[128];
	int n = 0, k;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -l 2>&1", bin);
	f = popen(cmd, "r");
	while (f && n < MAX_TESTS && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '-')
			continue;
		k = sscanf(line, "%127s %127s", a, b);
		if (line[0] != ' ' && k >= 1)
			snprintf(cur, sizeof(cur), "%s", a);
		if (strcmp(cur, fixture))
			continue;
		if (line[0] != ' ' && k == 2)
			snprintf(tests[n++], 128, "%s", b);
		else if (line[0] == ' ' && k == 1)
			snprintf(tests[n++], 128, "%s", a);
	}
	if (f)
		pclose(f);
	return n;
}

/*
 * Run FIXTURE.TEST alone, its test process stepped from system call stop
 * to system call stop (entry and exit), and SIGKILL it at stop number AT
 * (never, if AT is 0): the kill lands between two system calls, after
 * every change the test made to the global state so far. Returns whether
 * it was killed, and the number of stops it made in *stops.
 */
static int run_test(const char *bin, const char *fixture, const char *test, long at,
		    struct state *at_kill, long *stops)
{
	int killed = 0, status, sig = 0;
	char name[300];
	pid_t h, c;

	snprintf(name, sizeof(name), "%s.%s", fixture, test);
	c = start_test(bin, "-r", name, &h);
	*stops = 0;
	if (c) {
		/* Not its children (memcg_oom forks): only system call stops. */
		ptrace(PTRACE_SETOPTIONS, c, NULL, (void *)PTRACE_O_TRACESYSGOOD);
		while (ptrace(PTRACE_SYSCALL, c, NULL, (void *)(long)sig) == 0 &&
		       waitpid(c, &status, __WALL) == c && WIFSTOPPED(status)) {
			sig = 0;
			if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
				sig = WSTOPSIG(status);
				continue;
			}
			if (++*stops == at) {
				snapshot(at_kill);
				kill(c, SIGKILL);
				waitpid(c, &status, __WALL);
				killed = 1;
				break;
			}
		}
	}
	waitpid(h, &status, 0);
	return killed;
}

int main(int argc, char **argv)
{
	int runs, run, n, i, killed = 0, changed = 0, bad = 0;
	struct state before, at_kill, after;
	char tests[MAX_TESTS][128];
	long life[MAX_TESTS];

	if (argc != 4) {
		fprintf(stderr, "usage: %s RUNS TEST_BINARY FIXTURE\n", argv[0]);
		return 2;
	}
	runs = atoi(argv[1]);
	srand(getpid() ^ (unsigned int)time(NULL));
	n = list_tests(argv[2], argv[3], tests);
	if (!n) {
		fprintf(stderr, "%s: no tests of fixture %s\n", argv[2], argv[3]);
		return 2;
	}
	snapshot(&before);
	for (i = 0; i < n; i++) {
		long stops, j;

		/* The fewest of three runs: some tests poll, their counts vary. */
		for (life[i] = 0, j = 0; j < 3; j++) {
			run_test(argv[2], argv[3], tests[i], 0, &at_kill, &stops);
			if (!life[i] || stops < life[i])
				life[i] = stops;
		}
		printf("# %s.%s: %ld system call stops\n", argv[3], tests[i], life[i]);
		if (!life[i]) {
			fprintf(stderr, "%s.%s: no test process\n", argv[3], tests[i]);
			return 2;
		}
	}

	/* Until RUNS kills landed: a test can end before its chosen stop. */
	for (run = 1; killed < runs && run <= 4 * runs; run++) {
		int t = rand() % n, was_changed = 0;
		long at = 1 + rand() % life[t], lived;
		char what[2 * sizeof(before.cgroups) + 32];
		int c;

		c = run_test(argv[2], argv[3], tests[t], at, &at_kill, &lived);
		if (c) {
			killed++;
			was_changed = *diff(&before, &at_kill) != '\0';
			changed += was_changed;
		}
		snapshot(&after);
		snprintf(what, sizeof(what), "%s", diff(&before, &after));
		bad += *what != '\0';
		printf("%s %d - %s.%s: %s at system call stop %ld of %ld%s%s%s\n",
		       *what ? "not ok" : "ok", run, argv[3], tests[t],
		       c ? "killed" : "ended before the kill", at, life[t],
		       was_changed ? " (state changed when killed)" : "",
		       *what ? ": not restored: " : "", what);
		fflush(stdout);
	}
	printf("# %s: %d runs, %d killed, %d of them while the state was changed, %d not restored\n",
	       argv[3], run - 1, killed, changed, bad);
	if (killed < runs)
		printf("not ok %d - %s: only %d kills landed\n", run, argv[3], killed);
	return bad || killed < runs ? 1 : 0;
}
