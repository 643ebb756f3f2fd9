// SPDX-License-Identifier: GPL-2.0
/*
 * no-trusted-for: run a program as on a kernel without trusted_for(2), such
 * as mainline's, whatever else the kernel has.
 *
 *   no-trusted-for PROGRAM [ARG]...
 *
 * A seccomp filter makes every trusted_for(2) call of PROGRAM, and of what
 * it starts, fail with ENOSYS; every other system call, AT_EXECVE_CHECK
 * included, is the kernel's.  It sets no_new_privs, so any user may run it.
 * For the guest tests of tf-python, on the architecture it was built for
 * (the filter does not look at the system call's ABI).  Exits with 125
 * when it cannot set up, else PROGRAM runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define EXIT_SETUP 125

int main(int argc, char *argv[])
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_trusted_for, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	const struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM [ARG]...\n", argv[0]);
		return EXIT_SETUP;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		fprintf(stderr, "%s: seccomp: %s\n", argv[0], strerror(errno));
		return EXIT_SETUP;
	}
	execv(argv[1], argv + 1);
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
	return EXIT_SETUP;
}
