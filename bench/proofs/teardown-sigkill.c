// SPDX-License-Identifier: GPL-2.0
/*
 * Proof that overcommit_test's FIXTURE_TEARDOWN_PARENT() restores the
 * overcommit sysctls when the test process is SIGKILLed in the middle of a
 * mode-2 test. Not part of the series; run once in the test VM:
 *
 *   gcc -O2 -static -o killer teardown-sigkill.c
 *   # in the VM, as root:
 *   ./killer /kselftest/mm-errors/overcommit_test -t mode2_limit
 *
 * It starts the harness, finds the test process (the harness's
 * grandchild), waits until overcommit_memory reads 2, SIGKILLs it, and
 * prints overcommit_memory once the harness is done. It retries until a
 * kill lands while mode 2 is in force.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char mode(void)
{
	char c = '?';
	int fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY);
	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c;
}

static int ppid_of(int pid)
{
	char path[64], buf[512], *p;
	int fd, n;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p ? atoi(p + 4) : -1;
}

static int grandchild(pid_t h)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	while (!found && (e = readdir(d))) {
		int pid = atoi(e->d_name), pp;
		if (pid <= 0)
			continue;
		pp = ppid_of(pid);
		if (pp > 0 && pp != h && ppid_of(pp) == h)
			found = pid;
	}
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	int attempt, status;

	printf("before: overcommit_memory=%c\n", mode());
	for (attempt = 1; attempt <= 200; attempt++) {
		pid_t h = fork(), c = 0;
		int killed = 0;

		if (!h) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execv(argv[1], argv + 1);
			_exit(127);
		}
		while (!c && waitpid(h, &status, WNOHANG) == 0)
			c = grandchild(h);
		while (c && !killed && kill(c, 0) == 0) {
			if (mode() == '2') {
				kill(c, SIGKILL);
				killed = 1;
			}
		}
		waitpid(h, &status, 0);
		if (killed) {
			printf("attempt %d: SIGKILLed test process %d while overcommit_memory=2\n",
			       attempt, c);
			printf("after: overcommit_memory=%c (harness exit %d)\n", mode(),
			       WEXITSTATUS(status));
			return 0;
		}
	}
	printf("no kill landed in mode 2\n");
	return 1;
}
