// SPDX-License-Identifier: GPL-2.0
/*
 * shell-bench: the guest clock a program takes, from fork to its end.
 *
 *   shell-bench RUNS PROGRAM [ARG]...
 *
 * Runs PROGRAM RUNS times (its output to /dev/null) and prints the
 * median, minimum and maximum of CLOCK_MONOTONIC across each run, in
 * nanoseconds: instructions, under QEMU's -icount shift=0 (bench-shells.sh).
 * Exits 1 if a run fails.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
	long long *t;
	int runs, i, status;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: shell-bench RUNS PROGRAM [ARG]...\n");
		return 2;
	}
	t = calloc(runs, sizeof(*t));
	if (!t)
		return 1;
	for (i = 0; i < runs; i++) {
		long long start = now_ns();
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 1);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr, "shell-bench: %s failed (status 0x%x)\n", argv[2], status);
			return 1;
		}
		t[i] = now_ns() - start;
	}
	qsort(t, runs, sizeof(*t), cmp);
	printf("%lld %lld %lld\n", t[runs / 2], t[0], t[runs - 1]);
	return 0;
}
