// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz trusted_for(2)'s arguments and check every answer.
 *
 *   trusted-for-fuzz [CALLS [SEED]]
 *
 * Makes CALLS calls (default 2000000), a quarter under each value of
 * fs.trusted_for_policy, half of each quarter as root and half in a child
 * running as uid 1000.  Each call takes a random descriptor (regular files
 * of every mode on an exec and a noexec tmpfs, a write-only one, a
 * directory, /dev/null, procfs, nsfs, pipe ends, a memfd, a unix socket,
 * an O_PATH descriptor, a closed one, negative and huge numbers, random
 * 32-bit values), a random usage and random flags, biased toward edge
 * values (0, 1, 2, -1, INT_MIN, INT_MAX, single bits), and random upper
 * halves of the 64-bit registers, which the kernel must ignore.
 *
 * The expected answer is computed here: flags != 0 gives EINVAL whatever
 * the rest, then usage != TRUSTED_FOR_EXECUTION EINVAL, then a bad or
 * O_PATH descriptor EBADF, then 0 or EACCES from the policy and the
 * descriptor's kind.  Prints the seed (the second argument replays a
 * run), counts by errno and the mismatches, the first of them in full;
 * exits 0 only with no mismatch.  Runs as root in a scratch guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>
#include <linux/trusted-for.h>

#include "common.h"

#define DIR_EXEC "/tmp/fuzz-exec"
#define DIR_NOEXEC "/tmp/fuzz-noexec"
#define UNPRIV_UID 1000
#define FD_LIMIT 1024		/* RLIMIT_NOFILE: no descriptor at or above */

/* How a descriptor answers, once the arguments are valid. */
enum rule {
	BAD,		/* EBADF: closed, out of range, O_PATH */
	FILE_RULE,	/* regular file on a visible mount: mode and mount decide */
	SPECIAL,	/* not regular, or kernel-internal: EACCES under any policy */
};

struct target {
	const char *name;
	int fd;
	enum rule rule;
	mode_t mode;	/* permission bits */
	uid_t owner;
	int noexec;	/* its mount is noexec (MNT_NOEXEC or SB_I_NOEXEC) */
	int wronly;	/* not open for reading: EBADF */
};

static struct target targets[32];
static int nr_targets;

static void add(const char *name, int fd, enum rule rule, int noexec)
{
	struct stat st;

	if (fd < 0)
		die(name);
	if (fd >= FD_LIMIT)
		abort();
	targets[nr_targets].name = name;
	targets[nr_targets].fd = fd;
	targets[nr_targets].rule = rule;
	targets[nr_targets].noexec = noexec;
	if (rule != BAD) {
		if (fstat(fd, &st))
			die(name);
		targets[nr_targets].mode = st.st_mode & 07777;
		targets[nr_targets].wronly = (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY;
		targets[nr_targets].owner = st.st_uid;
	}
	nr_targets++;
}

static int may(const struct target *t, int unpriv, int bit)
{
	if (!unpriv)
		return bit == 01 ? (t->mode & 0111) != 0 : 1; /* CAP_DAC_OVERRIDE */
	if (t->owner == UNPRIV_UID)
		return (t->mode >> 6) & bit;
	return t->mode & bit;	/* root:root, uid 1000 is "other" */
}

/* The answer for valid usage and flags. */
static int answer(const struct target *t, int policy, int unpriv)
{
	if (t->rule == BAD || t->wronly)
		return EBADF;
	if (policy && t->rule == SPECIAL)
		return EACCES;
	if ((policy & 1) && t->noexec)
		return EACCES;
	if (!may(t, unpriv, 04))
		return EACCES;
	if ((policy & 2) && !may(t, unpriv, 01))
		return EACCES;
	return 0;
}

static uint64_t rng;

static uint64_t next(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A 32-bit value: an edge value, a single bit, or random. */
static uint32_t edge32(void)
{
	static const uint32_t edges[] = { 0, 1, 2, 3, 0xffffffff, 0x80000000,
					  0x7fffffff, 0xfffffffe, 0x100, 0x10000 };

	switch (next() % 3) {
	case 0:
		return edges[next() % (sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return 1u << (next() % 32);
	default:
		return (uint32_t)next();
	}
}

struct counts {
	struct tf_results res;
	unsigned long mismatches;
	unsigned long valid;	/* calls that reached the descriptor check */
};

static struct counts *counts;	/* shared with the uid 1000 child */

static void run(int policy, int unpriv, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		uint32_t fd32, usage32, flags32;
		const char *fd_name = "random";
		uint64_t hi;
		int want, got, ret;
		long r;

		/* The descriptor: a target (often), or a number. */
		r = next() % 10;
		if (r < 6) {
			const struct target *t = &targets[next() % nr_targets];

			fd32 = t->fd;
			fd_name = t->name;
		} else if (r < 7) {
			static const int bad[] = { -1, INT_MIN, INT_MAX, -2, FD_LIMIT,
						   FD_LIMIT - 1, 1 << 20, -4096 };
			fd32 = bad[next() % (sizeof(bad) / sizeof(bad[0]))];
		} else {
			do
				fd32 = (uint32_t)next();
			while (fd32 < FD_LIMIT);
		}
		/* Usage: TRUSTED_FOR_EXECUTION half the time. */
		usage32 = next() % 2 ? TRUSTED_FOR_EXECUTION : edge32();
		/* Flags: 0 three times in five. */
		flags32 = next() % 5 < 3 ? 0 : edge32();

		if (flags32)
			want = EINVAL;
		else if (usage32 != TRUSTED_FOR_EXECUTION)
			want = EINVAL;
		else {
			int j;

			want = EBADF;	/* a number that is no target is closed */
			for (j = 0; j < nr_targets; j++)
				if ((uint32_t)targets[j].fd == fd32) {
					want = answer(&targets[j], policy, unpriv);
					break;
				}
			counts->valid++;
		}

		/* Random upper halves: the kernel takes int, int and u32. */
		hi = next();
		ret = syscall(__NR_trusted_for,
			      (long)((hi & 0xffffffff00000000ull) | fd32),
			      (long)((hi << 32) | usage32),
			      (long)((hi & 1 ? 0xffffffff00000000ull : hi << 32) | flags32));
		got = ret ? errno : 0;
		if (ret && ret != -1)
			got = -1000;

		tf_count(&counts->res, got);
		if (got != want) {
			if (counts->mismatches++ < 20)
				printf("MISMATCH: policy %d, %s, fd %d (%s), usage %#x, flags %#x: got %s, want %s\n",
				       policy, unpriv ? "uid 1000" : "root", (int)fd32, fd_name,
				       usage32, flags32, got ? strerror(got) : "0",
				       want ? strerror(want) : "0");
		}
	}
}

static int file_fd(const char *dir, mode_t mode, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/%04o", dir, mode);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "#!/bin/sh\n", 10) != 10 || close(fd) || chmod(path, mode))
		die(path);
	return open(path, flags);
}

int main(int argc, char **argv)
{
	unsigned long total = argc > 1 ? strtoul(argv[1], NULL, 0) : 2000000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) :
			(uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	int saved, policy, fds[2], status;
	struct counts sum = { 0 };
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("seed %llu (replay: trusted-for-fuzz %lu %llu)\n", (unsigned long long)seed,
	       total, (unsigned long long)seed);
	rng = seed;
	counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED)
		die("mmap");
	saved = read_policy();

	if ((mkdir(DIR_EXEC, 0755) && errno != EEXIST) ||
	    (mkdir(DIR_NOEXEC, 0755) && errno != EEXIST))
		die("mkdir");
	if (mount("tmpfs", DIR_EXEC, "tmpfs", 0, "mode=0755") ||
	    mount("tmpfs", DIR_NOEXEC, "tmpfs", MS_NOEXEC, "mode=0755"))
		die("mount");
	add("exec 0755", file_fd(DIR_EXEC, 0755, O_RDONLY), FILE_RULE, 0);
	add("exec 0644", file_fd(DIR_EXEC, 0644, O_RDONLY), FILE_RULE, 0);
	add("exec 0700", file_fd(DIR_EXEC, 0700, O_RDONLY), FILE_RULE, 0);
	add("exec 0711", file_fd(DIR_EXEC, 0711, O_RDONLY), FILE_RULE, 0);
	add("exec 0000", file_fd(DIR_EXEC, 0000, O_RDONLY), FILE_RULE, 0);
	add("exec 0733 O_WRONLY", file_fd(DIR_EXEC, 0733, O_WRONLY), FILE_RULE, 0);
	add("exec 0200 O_WRONLY", file_fd(DIR_EXEC, 0200, O_WRONLY), FILE_RULE, 0);
	add("noexec 0755", file_fd(DIR_NOEXEC, 0755, O_RDONLY), FILE_RULE, 1);
	add("noexec 0644", file_fd(DIR_NOEXEC, 0644, O_RDONLY), FILE_RULE, 1);
	add("O_PATH exec 0755", file_fd(DIR_EXEC, 0755, O_PATH), BAD, 0);
	add("directory", open(DIR_EXEC, O_RDONLY | O_DIRECTORY), SPECIAL, 0);
	add("/dev/null", open("/dev/null", O_RDONLY), SPECIAL, 0);
	/* procfs is SB_I_NOEXEC: noexec whatever its mount flags */
	add("/proc/self/status", open("/proc/self/status", O_RDONLY), FILE_RULE, 1);
	/* nsfs: S_IFREG 0444 but on the kernel-internal nsfs mount */
	add("nsfs", open("/proc/self/ns/mnt", O_RDONLY), SPECIAL, 0);
	if (pipe(fds))
		die("pipe");
	add("pipe read end", fds[0], SPECIAL, 0);
	add("pipe write end", fds[1], SPECIAL, 0);
	add("memfd", memfd_create("fuzz", 0), SPECIAL, 0);
	add("unix socket", socket(AF_UNIX, SOCK_STREAM, 0), SPECIAL, 0);
	fds[0] = open("/dev/null", O_RDONLY);
	add("closed", fds[0], BAD, 0);
	close(fds[0]);
	for (policy = 0; policy < 4; policy++) {
		write_policy(policy);
		run(policy, 0, total / 8);
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			rng ^= 0x1234567ull * (policy + 1);
			if (setgroups(0, NULL) || setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
			    setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID))
				die("dropping to uid 1000");
			run(policy, 1, total / 4 - total / 8);
			exit(0);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			die("uid 1000 child");
		printf("policy %d: %lu calls so far, %lu mismatches so far\n", policy,
		       counts->res.calls, counts->mismatches);
	}
	write_policy(saved);
	if (read_policy() != saved)
		die("restoring " POLICY_PATH);
	sum = *counts;
	printf("calls %lu (%lu with valid usage and flags), %d descriptor targets, policies 0-3, root and uid %d\n",
	       sum.res.calls, sum.valid, nr_targets, UNPRIV_UID);
	tf_print(&sum.res);
	printf("mismatches %lu\n", sum.mismatches);
	printf("policy restored to %d\n", saved);
	return sum.mismatches ? 1 : 0;
}
