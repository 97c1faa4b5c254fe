/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the mm-errors selftests: small /proc and /sys readers and
 * writers that report errors as errno values instead of exiting, and
 * (PROC_KB() and the like, for use after kselftest_harness.h) readers that
 * fail the test on a missing value.
 */
#ifndef __MM_ERRORS_H
#define __MM_ERRORS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest.h"

/* Read a whole small file into buf, without the trailing newline. */
static inline int read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return errno;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* Write text with a single write(); 0 or the errno of the failure. */
static inline int write_text(const char *path, const char *text)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = errno;
	close(fd);
	return err;
}

/* A file that holds one number; LONG_MIN if it cannot be read. */
static inline long read_long(const char *path)
{
	char buf[64];

	if (read_text(path, buf, sizeof(buf)))
		return LONG_MIN;
	return strtol(buf, NULL, 10);
}

/* "Key:   value kB" from a /proc file; -1 if the file or the key is missing. */
static inline long proc_kb(const char *path, const char *key)
{
	size_t len = strlen(key);
	char line[256];
	long val = -1;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && line[len] == ':') {
			val = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

/*
 * The same in a test, a fixture or a helper that has their _metadata: a
 * file that cannot be read, or a key it does not have, fails the test
 * (after its teardown) instead of reading as a number.
 */
#define PROC_KB(path, key) ({						\
	const char *__path = (path), *__key = (key);			\
	long __kb = proc_kb(__path, __key);				\
	ASSERT_LE(0, __kb) TH_LOG("no \"%s:\" in %s", __key, __path);	\
	__kb;								\
})
#define MEMINFO_KB(key)	PROC_KB("/proc/meminfo", key)
#define STATUS_KB(key)	PROC_KB("/proc/self/status", key)

#endif /* __MM_ERRORS_H */
