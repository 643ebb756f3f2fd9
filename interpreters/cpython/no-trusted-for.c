// SPDX-License-Identifier: GPL-2.0
/*
 * no-trusted-for: run a program as on a kernel without trusted_for(2), such
 * as mainline's, whatever else the kernel has; or where trusted_for(2) is
 * blocked, or where /proc cannot tell.
 *
 *   no-trusted-for [-b | -e | -p] PROGRAM [ARG]...
 *
 * Without an option, PROGRAM runs in a mount namespace of its own where
 * procfs's /proc/sys/kernel is bound onto /proc/sys/fs: /proc/sys/fs is
 * procfs's and has no trusted_for_policy, as on a kernel without the
 * system call.  A seccomp filter kills the process that calls trusted_for(2)
 * anyway (SIGSYS): a launcher that takes the kernel for one without the
 * call must never make it.
 *
 * -b: the sysctl stays, and a seccomp filter makes every trusted_for(2) call
 * fail with ENOSYS, as a container runtime's filter does for the calls it
 * does not know: the call is blocked, not absent.
 *
 * -e: as without an option, and the filter also makes every execveat(2)
 * fail with EINVAL, as a kernel without AT_EXECVE_CHECK answers the flag:
 * a kernel with neither interface.
 *
 * -p: /proc is unmounted in a mount namespace of its own: nothing tells
 * whether the kernel has trusted_for(2); the seccomp filter kills on a call.
 *
 * Every other system call, AT_EXECVE_CHECK included (but with -e), is the
 * kernel's.  It
 * sets no_new_privs; the mount namespace needs root, so it runs before any
 * change of user (no-trusted-for secbits-run -u 1000 ...).  For the guest
 * tests of tf-python, on the architecture it was built for (the filter does
 * not look at the system call's ABI).  Exits with 125 when it cannot set
 * up, else PROGRAM runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define EXIT_SETUP 125

static int setup_failed(const char *prog, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	return EXIT_SETUP;
}

int main(int argc, char *argv[])
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_trusted_for, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		/* -e: execveat(2) answers EINVAL; else (0 - 0) allowed. */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	const struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};
	char mode = 0;
	int first = 1;

	if (argc > 1 && (!strcmp(argv[1], "-b") || !strcmp(argv[1], "-e") ||
			 !strcmp(argv[1], "-p"))) {
		mode = argv[1][1];
		first = 2;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: %s [-b | -e | -p] PROGRAM [ARG]...\n", argv[0]);
		return EXIT_SETUP;
	}
	if (mode == 'e')
		filter[4].k = SECCOMP_RET_ERRNO | EINVAL;
	if (mode == 'b') {
		filter[2].k = SECCOMP_RET_ERRNO | ENOSYS;
	} else {
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			return setup_failed(argv[0], "mount namespace");
		if (mode == 'p' ? umount2("/proc", MNT_DETACH) :
		    mount("/proc/sys/kernel", "/proc/sys/fs", NULL, MS_BIND, NULL))
			return setup_failed(argv[0], mode == 'p' ? "umount /proc" :
					    "bind /proc/sys/kernel onto /proc/sys/fs");
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return setup_failed(argv[0], "seccomp");
	execv(argv[first], argv + first);
	return setup_failed(argv[0], argv[first]);
}
