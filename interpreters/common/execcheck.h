/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * execcheck.h: ask the kernel whether the code a shell is about to read
 * may run.  One file, included where each shell (dash, BusyBox ash,
 * bash) reads code, so that the three shells decide alike and their
 * build systems need no change.  Linux only; elsewhere every answer is
 * "yes".
 *
 * The shell calls execcheck() on the descriptor it will then read from,
 * after opening it and before reading a byte, with what the code is:
 *
 *   EXECCHECK_FILE   a file the shell was handed or finds by itself: the
 *                    script of "sh FILE", ". FILE" and "source FILE",
 *                    ENV, BASH_ENV, the profile and rc files;
 *   EXECCHECK_STDIN  standard input, read for commands ("sh", "sh -s",
 *                    "sh < FILE", a pipe, a terminal);
 *   EXECCHECK_STRING code from no file at all ("sh -c CODE"); fd is -1.
 *
 * It returns 0 when the code may run, or an errno value, and then sets
 * *why to what refused it, for the shell's own error message.  The rules:
 *
 *  1. A file (EXECCHECK_FILE, or standard input when it is a regular
 *     file) must pass trusted_for(fd, TRUSTED_FOR_EXECUTION, 0): the
 *     system's policy, fs.trusted_for_policy, and the security modules.
 *     Any error refuses the code, not only EACCES.
 *  2. AT_EXECVE_CHECK is then asked about every file, whatever the
 *     securebits say (the security modules and IMA see each file that
 *     runs), and its refusal counts when SECBIT_EXEC_RESTRICT_FILE is
 *     set; for standard input, and for a path that names no regular file
 *     (a FIFO, /dev/stdin on a pipe, bash's <(...)), when either exec
 *     securebit is set: such a path hands the shell code from no file.
 *  3. Code from no file (-c, a pipe, a terminal, any standard input that
 *     is not a regular file) is not the policy's concern: a shell starts
 *     programs, which execve(2) checks, and system(3) runs "sh -c"
 *     everywhere.  It is refused only when SECBIT_EXEC_DENY_INTERACTIVE
 *     is set, the opt-in of the processes that must never run code they
 *     are handed.
 *  4. Which interface the kernel has is found out once, at the first
 *     check, as the trusted_for(2) guide says, from its sysctl on procfs:
 *     there, trusted_for(2) is asked and every error refuses, ENOSYS
 *     too; procfs's /proc/sys/fs without it means a kernel without it,
 *     and the securebits alone decide, as on mainline.  Without procfs
 *     (a boot script before it mounts /proc, a chroot) the guide tells
 *     interpreters to refuse all code, which would stop the boot of any
 *     system whose early scripts this shell runs.  A shell asks
 *     execveat(2) instead, about no descriptor: EINVAL says the kernel
 *     knows neither interface (trusted_for(2) comes after the backport of
 *     AT_EXECVE_CHECK), so files run as before; EBADF that it knows
 *     AT_EXECVE_CHECK and may have a policy that cannot be read, so every
 *     file must pass AT_EXECVE_CHECK, as if SECBIT_EXEC_RESTRICT_FILE
 *     were set: a noexec mount or a file without an execute bit is
 *     refused, which is at least as strict as any policy for the files a
 *     shell can name without /proc.  trusted_for(2) is never called to
 *     find out: its number may be another system call's on another
 *     kernel.  Unreadable securebits refuse everything.
 *
 * EXECCHECK_DEBUG in the environment, when set to 1, prints each check
 * and its answer on standard error.
 */
#ifndef EXECCHECK_H
#define EXECCHECK_H

enum execcheck_origin {
	EXECCHECK_FILE,
	EXECCHECK_STDIN,
	EXECCHECK_STRING
};

#ifdef __linux__

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The values of the series' uapi headers and of Linux 6.14. */
#ifndef __NR_trusted_for
#define __NR_trusted_for 500
#endif
#define EXECCHECK_TRUSTED_FOR_EXECUTION 1
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#define EXECCHECK_AT_EXECVE_CHECK 0x10000
#define EXECCHECK_RESTRICT_FILE (1 << 8)
#define EXECCHECK_DENY_INTERACTIVE (1 << 10)
#define EXECCHECK_PROC_MAGIC 0x9fa0

/*
 * What the kernel has, found out at the first check: 0 not yet; 1
 * trusted_for(2) (its sysctl is on procfs); 2 AT_EXECVE_CHECK alone, or
 * neither (procfs without the sysctl); 3 no procfs, AT_EXECVE_CHECK
 * known: its answer is enforced on every file; 4 no procfs, neither
 * interface known: files run as before.
 */
static int execcheck_kernel;

static int execcheck_on_procfs(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) == 0 && sfs.f_type == EXECCHECK_PROC_MAGIC;
}

static int execcheck_execveat(int fd)
{
	static char *const argv[] = { (char *)"sh", NULL };
	static char *const envp[] = { NULL };

	if (syscall(__NR_execveat, fd, "", argv, envp,
		    AT_EMPTY_PATH | EXECCHECK_AT_EXECVE_CHECK) != 0)
		return errno;
	return 0;
}

static int execcheck_find_kernel(void)
{
	if (execcheck_kernel)
		return execcheck_kernel;
	if (execcheck_on_procfs("/proc/sys/fs/trusted_for_policy"))
		execcheck_kernel = 1;
	else if (execcheck_on_procfs("/proc/sys/fs"))
		execcheck_kernel = 2;
	else if (execcheck_execveat(-1) == EINVAL)
		execcheck_kernel = 4;
	else
		execcheck_kernel = 3;
	return execcheck_kernel;
}

static void execcheck_debug(int fd, const char *what, int err)
{
	const char *v = getenv("EXECCHECK_DEBUG");

	if (v && strcmp(v, "1") == 0)
		fprintf(stderr, "execcheck: fd %d: %s: %s\n", fd, what,
			err ? strerror(err) : "ok");
}

static int execcheck(int fd, enum execcheck_origin origin, const char **why)
{
	struct stat st;
	int bits, enforce, err, kernel, regular;

	bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	if (bits < 0) {
		*why = "cannot read the securebits";
		return errno ? errno : EPERM;
	}
	regular = origin != EXECCHECK_STRING && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (origin == EXECCHECK_STDIN && !regular)
		origin = EXECCHECK_STRING;
	if (origin == EXECCHECK_STRING) {
		err = (bits & EXECCHECK_DENY_INTERACTIVE) ? EACCES : 0;
		execcheck_debug(fd, "code from no file", err);
		if (err)
			*why = "SECBIT_EXEC_DENY_INTERACTIVE refuses code from no file";
		return err;
	}

	kernel = execcheck_find_kernel();
	if (kernel == 1) {
		err = 0;
		if (syscall(__NR_trusted_for, fd, EXECCHECK_TRUSTED_FOR_EXECUTION, 0) != 0)
			err = errno;
		execcheck_debug(fd, "trusted_for", err);
		if (err) {
			*why = "refused by trusted_for";
			return err;
		}
	}
	if (kernel == 4)
		return 0;

	enforce = origin == EXECCHECK_FILE && regular ? EXECCHECK_RESTRICT_FILE :
		EXECCHECK_RESTRICT_FILE | EXECCHECK_DENY_INTERACTIVE;
	enforce = (bits & enforce) || kernel == 3;
	err = execcheck_execveat(fd);
	execcheck_debug(fd, enforce ? "AT_EXECVE_CHECK" :
			"AT_EXECVE_CHECK (not enforced)", err);
	if (err && enforce) {
		if (kernel == 3)
			*why = "refused by AT_EXECVE_CHECK (no /proc to read the policy from)";
		else if (origin == EXECCHECK_FILE && regular)
			*why = "refused by AT_EXECVE_CHECK (SECBIT_EXEC_RESTRICT_FILE)";
		else
			*why = "refused by AT_EXECVE_CHECK (exec securebits)";
		return err;
	}
	return 0;
}

#else /* !__linux__ */

static int execcheck(int fd, enum execcheck_origin origin, const char **why)
{
	(void)fd;
	(void)origin;
	(void)why;
	return 0;
}

#endif /* __linux__ */
#endif /* EXECCHECK_H */
