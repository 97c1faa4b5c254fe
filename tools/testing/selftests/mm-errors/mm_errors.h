/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the mm-errors selftests, for use after kselftest_harness.h.
 * Files are read and written with the cgroup selftests' library
 * (cgroup/lib/cgroup_util.h), which every test here links; on top of it:
 * readers that fail the test on a missing value (PROC_KB() and the like),
 * and the reasons a test skips on a host that cannot run it.
 */
#ifndef __MM_ERRORS_H
#define __MM_ERRORS_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/mman.h>

#include "cgroup_util.h"

/*
 * Write text with a single write(): 0 if the file took all of it, -errno,
 * or -EIO for a short write. write_text() takes a char * but does not
 * change what it points to.
 */
static inline int write_string(const char *path, const char *text)
{
	ssize_t n = write_text(path, (char *)text, strlen(text));

	if (n < 0)
		return n;
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/* A file that holds one number; LONG_MIN if it cannot be read. */
static inline long read_long(const char *path)
{
	char buf[64];

	if (read_text(path, buf, sizeof(buf)) < 0)
		return LONG_MIN;
	return strtol(buf, NULL, 10);
}

/* Whether capability cap is in this process's effective set. */
static inline bool have_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

/* "Key:   value kB" from dir/file; -1 if the file or the key is missing. */
static inline long proc_kb(const char *dir, const char *file, const char *key)
{
	char k[64];

	snprintf(k, sizeof(k), "%s:", key);
	return cg_read_key_long(dir, file, k);
}

/*
 * The same in a test, a fixture or a helper that has their _metadata: a
 * file that cannot be read, or a key it does not have, fails the test
 * (after its teardown) instead of reading as a number.
 */
#define PROC_KB(dir, file, key) ({					\
	const char *__dir = (dir), *__file = (file), *__key = (key);	\
	long __kb = proc_kb(__dir, __file, __key);			\
	ASSERT_LE(0, __kb)						\
		TH_LOG("no \"%s:\" in %s/%s", __key, __dir, __file);	\
	__kb;								\
})
#define MEMINFO_KB(key)	PROC_KB("/proc", "meminfo", key)
#define STATUS_KB(key)	PROC_KB("/proc/self", "status", key)

/* "Key:" of /proc/<pid>/status, in kB. */
static inline long pid_status_kb(struct __test_metadata *_metadata, pid_t pid, const char *key)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "/proc/%d", pid);
	return PROC_KB(dir, "status", key);
}

#define REASON_LEN	192

/*
 * Why this process cannot map size bytes of private anonymous memory
 * (writable: read-write) in any overcommit mode, or NULL if it can: the
 * size does not fit in size_t; RLIMIT_AS, or RLIMIT_DATA for a writable
 * mapping, is in the way (may_expand_vm()); or the address space has no
 * free range that large. A PROT_NONE mapping is never charged to
 * Committed_AS and is no data mapping, so trying one of that size checks
 * the address space alone. A mapping that one of these refuses fails
 * with ENOMEM, the same error as an overcommit refusal: a test that
 * expects a refusal checks first that only overcommit can refuse.
 */
static inline const char *cannot_map(struct __test_metadata *_metadata,
				     unsigned long long size, bool writable,
				     char *why)
{
	struct rlimit rl;
	void *p;

	if (size > SIZE_MAX) {
		snprintf(why, REASON_LEN, "%llu bytes do not fit in a %zu-bit address space",
			 size, 8 * sizeof(void *));
		return why;
	}
	if (!getrlimit(RLIMIT_AS, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    STATUS_KB("VmSize") * 1024ULL + size > rl.rlim_cur) {
		snprintf(why, REASON_LEN,
			 "RLIMIT_AS (%llu bytes) leaves no room for %llu bytes more",
			 (unsigned long long)rl.rlim_cur, size);
		return why;
	}
	if (writable && !getrlimit(RLIMIT_DATA, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    STATUS_KB("VmData") * 1024ULL + size > rl.rlim_cur) {
		snprintf(why, REASON_LEN,
			 "RLIMIT_DATA (%llu bytes) leaves no room for %llu bytes more",
			 (unsigned long long)rl.rlim_cur, size);
		return why;
	}
	p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(why, REASON_LEN, "no free range of %llu bytes in this %zu-bit process",
			 size, 8 * sizeof(void *));
		return why;
	}
	munmap(p, size);
	return NULL;
}

/*
 * Why the host's overcommit settings refuse kb kB more of private
 * writable memory, or NULL: in mode 2 (OVERCOMMIT_NEVER) a mapping that
 * would take Committed_AS to CommitLimit is refused, whatever the test
 * does, and the reserves only make the room smaller.
 */
static inline const char *commit_refuses(struct __test_metadata *_metadata, long kb,
					 char *why)
{
	long limit, committed;

	if (read_long("/proc/sys/vm/overcommit_memory") != OVERCOMMIT_NEVER)
		return NULL;
	limit = MEMINFO_KB("CommitLimit");
	committed = MEMINFO_KB("Committed_AS");
	if (limit - committed >= kb)
		return NULL;
	snprintf(why, REASON_LEN,
		 "overcommit_memory is 2 and CommitLimit %ld kB - Committed_AS %ld kB leaves less than the %ld kB needed",
		 limit, committed, kb);
	return why;
}

#endif /* __MM_ERRORS_H */
