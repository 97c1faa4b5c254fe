// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown under fire: run a kselftest harness binary RUNS times and
 * SIGKILL its test process at a random point each time, then check that
 * the global state the fixtures change is back: the overcommit sysctls,
 * the root cgroup's subtree_control and its child cgroups. Not part of the
 * series; workbench/teardown.sh builds it statically and runs it as root
 * in the test VM (vm-init.sh's "teardown" pass):
 *
 *   teardown-sigkill RUNS /kselftest/mm-errors/overcommit_test -f overcommit
 *
 * A first run without a kill measures how long the harness takes; each
 * run then picks a random time within it and kills the test process
 * running at that time (the harness's grandchild: the harness forks a
 * child per test, which forks the test). One line per run, a summary
 * line, and exit 0 only if the state was back after every run.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

static const char * const files[] = {
	"/proc/sys/vm/overcommit_memory",
	"/proc/sys/vm/overcommit_ratio",
	"/proc/sys/vm/overcommit_kbytes",
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

static int ppid_of(int pid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	read_file(path, buf, sizeof(buf));
	p = strrchr(buf, ')');
	return p ? atoi(p + 4) : -1;
}

static int grandchild(pid_t h)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	while (d && !found && (e = readdir(d))) {
		int pid = atoi(e->d_name), pp;

		if (pid <= 0)
			continue;
		pp = ppid_of(pid);
		if (pp > 0 && pp != h && ppid_of(pp) == h)
			found = pid;
	}
	if (d)
		closedir(d);
	return found;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static pid_t start(char **argv)
{
	pid_t h = fork();

	if (!h) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return h;
}

int main(int argc, char **argv)
{
	int runs, run, status, killed = 0, changed = 0, bad = 0;
	struct state before, at_kill, after;
	double t0, duration;

	if (argc < 3) {
		fprintf(stderr, "usage: %s RUNS TEST [harness options]\n", argv[0]);
		return 2;
	}
	runs = atoi(argv[1]);
	srand(getpid() ^ (unsigned int)time(NULL));
	snapshot(&before);

	t0 = now();
	waitpid(start(argv + 2), &status, 0);
	duration = now() - t0;
	printf("# %s: %.2f s without a kill\n", argv[2], duration);

	for (run = 1; run <= runs; run++) {
		double at = duration * rand() / ((double)RAND_MAX + 1);
		int was_changed = 0;
		char what[2 * sizeof(before.cgroups) + 32];
		pid_t h, c = 0;

		t0 = now();
		h = start(argv + 2);
		while (now() - t0 < at && waitpid(h, &status, WNOHANG) == 0)
			usleep(1000);
		/* The first test process from the chosen time on. */
		while (!c && waitpid(h, &status, WNOHANG) == 0)
			c = grandchild(h);
		if (c) {
			snapshot(&at_kill);
			kill(c, SIGKILL);
			waitpid(h, &status, 0);
			killed++;
			was_changed = *diff(&before, &at_kill) != '\0';
			changed += was_changed;
		}
		snapshot(&after);
		snprintf(what, sizeof(what), "%s", diff(&before, &after));
		bad += *what != '\0';
		printf("%s %d - %s after %.3f s%s%s%s\n", *what ? "not ok" : "ok", run,
		       c ? "killed" : "no test process left", at,
		       was_changed ? " (state changed when killed)" : "",
		       *what ? ": not restored: " : "", what);
		fflush(stdout);
	}
	printf("# %s: %d runs, %d killed, %d of them while the state was changed, %d not restored\n",
	       argv[2], runs, killed, changed, bad);
	return bad ? 1 : 0;
}
