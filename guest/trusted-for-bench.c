// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark of trusted_for(2) against other cheap system calls on
 * one open regular file: a root-owned 0755 file on the guest's /tmp, an
 * exec tmpfs, so that every value of fs.trusted_for_policy accepts it.
 *
 * Each row calls one thing in a loop, through syscall(2) so that no libc
 * wrapper changes which system call is made (glibc's fstat() makes
 * newfstatat() or statx(), depending on its version): getppid (a null system call, the
 * floor), fstat, faccessat2(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS),
 * trusted_for under policy 0 and under policy 3, mainline's way of asking
 * the same question, execveat(fd, "", argv, envp, AT_EMPTY_PATH |
 * AT_EXECVE_CHECK), on the same descriptor in the same boot, and openat +
 * close against openat + trusted_for + close.  A row is timed with
 * clock_gettime(CLOCK_MONOTONIC) around ITER calls, in ROUNDS rounds
 * (the rows take turns within a round); the table gives, per call, the
 * median over the rounds, the smallest and largest round, and the ratio
 * of the medians to getppid's and fstat's.  The loop's own cost is the
 * "loop" row: it is subtracted from nothing.  Before each timed run the
 * program sleeps for a few timer ticks, so that work a row leaves behind
 * (RCU callbacks that free closed files, for one) runs then and is
 * counted in no row, rather than in the next one.
 *
 * Under QEMU's -icount shift=0 the guest clock advances one nanosecond
 * per instruction, so the "ns" are instructions: -u names the unit.  The
 * figures include syscall()'s own few instructions and the loop's.  The
 * program first waits for the kernel to leave its early TSC clocksource;
 * a warning follows the table when the clocksource changed during the
 * run, or is a jiffies one, whose times mean nothing.
 *
 * Every call is checked once before it is timed; any failure stops the
 * program with a message and exit status 1.  It never fails on a time.
 * Run as root: it writes the sysctl and restores it before exiting.
 *
 * With -p the program times nothing: for scripts/bench/bench.sh's profile, it
 * makes the call of each one-call row once, right after a marker: the
 * invalid system call number -1 with the row's name and the number of
 * the call that follows as arguments.  A debugger that stops the guest
 * at the marker can then single-step the kernel through that one call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/trusted-for.h>

#include "execve-check.h"

#define POLICY_PATH "/proc/sys/fs/trusted_for_policy"
#define FILE_PATH "/tmp/trusted-for-bench"
#define CLOCKSOURCE_PATH "/sys/devices/system/clocksource/clocksource0/current_clocksource"
#define MAX_ROUNDS 99

enum row_id {
	ROW_LOOP,
	ROW_GETPPID,
	ROW_FSTAT,
	ROW_FACCESSAT2,
	ROW_TF_P0,
	ROW_TF_P3,
	ROW_EXECVE_CHECK,
	ROW_OPEN_CLOSE,
	ROW_OPEN_TF_CLOSE,
	NR_ROWS
};

struct row {
	const char *key;
	const char *calls;
	long nr;		/* the one system call of the row, or -1 */
	int policy;		/* the sysctl's value while timed, or -1 */
	unsigned int weight;	/* divides the base iteration count */
	double per_call[MAX_ROUNDS];
};

static struct row rows[NR_ROWS] = {
	[ROW_LOOP] = { "loop", "empty loop, no system call (for reference)", -1, -1, 1 },
	[ROW_GETPPID] = { "getppid", "syscall(__NR_getppid)", __NR_getppid, -1, 1 },
	[ROW_FSTAT] = { "fstat", "syscall(__NR_fstat, fd, &st)", __NR_fstat, -1, 1 },
	[ROW_FACCESSAT2] = { "faccessat2",
		"syscall(__NR_faccessat2, fd, \"\", X_OK, AT_EMPTY_PATH | AT_EACCESS)",
		__NR_faccessat2, -1, 1 },
	[ROW_TF_P0] = { "tf-p0",
		"syscall(__NR_trusted_for, fd, TRUSTED_FOR_EXECUTION, 0), policy 0",
		__NR_trusted_for, 0, 1 },
	[ROW_TF_P3] = { "tf-p3",
		"syscall(__NR_trusted_for, fd, TRUSTED_FOR_EXECUTION, 0), policy 3",
		__NR_trusted_for, 3, 1 },
	[ROW_EXECVE_CHECK] = { "execve-check",
		"syscall(__NR_execveat, fd, \"\", argv, envp, AT_EMPTY_PATH | AT_EXECVE_CHECK)",
		__NR_execveat, -1, 4 },
	[ROW_OPEN_CLOSE] = { "open-close",
		"syscall(__NR_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC) + syscall(__NR_close, fd)",
		-1, -1, 4 },
	[ROW_OPEN_TF_CLOSE] = { "open-tf-close",
		"openat + trusted_for + close, as above, policy 3", -1, 3, 4 },
};

static int saved_policy = -1;
static int fd = -1;
static char clocksource_at_start[64];

static void read_clocksource(char *buf, size_t size)
{
	FILE *f = fopen(CLOCKSOURCE_PATH, "r");

	snprintf(buf, size, "unknown");
	if (!f)
		return;
	if (fgets(buf, size, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/*
 * About a second after boot the kernel replaces its early TSC clocksource
 * by the calibrated one: wait (up to 3 s) so that this happens before the
 * rounds rather than during them.
 */
static void wait_for_tsc(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i;

	for (i = 0; i < 60; i++) {
		read_clocksource(clocksource_at_start, sizeof(clocksource_at_start));
		if (strcmp(clocksource_at_start, "tsc-early"))
			break;
		nanosleep(&ts, NULL);
	}
}

/*
 * Under an emulator on a busy host, the kernel's clocksource watchdog may
 * find the TSC unstable and switch to a jiffies clocksource: from then on
 * the clock moves in whole ticks and the times mean nothing.  Say so.
 */
static void check_clocksource(void)
{
	char now[64];

	read_clocksource(now, sizeof(now));
	if (strcmp(now, clocksource_at_start))
		printf("WARNING: the clocksource changed during the run, from %s to %s:\n"
		       "times measured after the change may be meaningless\n",
		       clocksource_at_start, now);
	if (strstr(now, "jiffies"))
		printf("WARNING: clocksource %s counts whole timer ticks: the times are\n"
		       "multiples of a tick divided by the iterations and mean nothing\n",
		       now);
}

static int read_policy(void)
{
	FILE *f = fopen(POLICY_PATH, "r");
	int policy;

	if (!f || fscanf(f, "%d", &policy) != 1) {
		fprintf(stderr, "trusted-for-bench: reading %s: %s\n",
			POLICY_PATH, strerror(errno));
		exit(1);
	}
	fclose(f);
	return policy;
}

static int write_policy(int policy)
{
	FILE *f = fopen(POLICY_PATH, "w");

	if (!f || fprintf(f, "%d\n", policy) < 0 || fclose(f))
		return -1;
	return 0;
}

static void restore_policy(void)
{
	if (saved_policy >= 0 && write_policy(saved_policy))
		fprintf(stderr, "trusted-for-bench: restoring %s to %d: %s\n",
			POLICY_PATH, saved_policy, strerror(errno));
}

static void die(const char *what)
{
	fprintf(stderr, "trusted-for-bench: %s: %s\n", what, strerror(errno));
	exit(1);		/* restore_policy() runs at exit */
}

static void set_policy(int policy)
{
	if (policy >= 0 && write_policy(policy))
		die("writing " POLICY_PATH);
}

static long long now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime");
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Let the timer tick a few times: deferred work runs now, untimed. */
static void pause_ticks(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long tf(int f)
{
	return syscall(__NR_trusted_for, f, TRUSTED_FOR_EXECUTION, 0);
}

static long faccess(int f)
{
	return syscall(__NR_faccessat2, f, "", X_OK, AT_EMPTY_PATH | AT_EACCESS);
}

static long open_file(void)
{
	return syscall(__NR_openat, AT_FDCWD, FILE_PATH, O_RDONLY | O_CLOEXEC);
}

/* Call what @id names @iter times; return the nanoseconds it took. */
static long long run(enum row_id id, unsigned long iter)
{
	struct stat st;
	unsigned long i;
	long long start;
	long f;

	start = now_ns();
	switch (id) {
	case ROW_LOOP:
		for (i = 0; i < iter; i++)
			__asm__ __volatile__("" : : : "memory");
		break;
	case ROW_GETPPID:
		for (i = 0; i < iter; i++)
			syscall(__NR_getppid);
		break;
	case ROW_FSTAT:
		for (i = 0; i < iter; i++)
			syscall(__NR_fstat, fd, &st);
		break;
	case ROW_FACCESSAT2:
		for (i = 0; i < iter; i++)
			faccess(fd);
		break;
	case ROW_TF_P0:
	case ROW_TF_P3:
		for (i = 0; i < iter; i++)
			tf(fd);
		break;
	case ROW_EXECVE_CHECK:
		for (i = 0; i < iter; i++)
			sys_execve_check(fd);
		break;
	case ROW_OPEN_CLOSE:
		for (i = 0; i < iter; i++) {
			f = open_file();
			if (f < 0)
				die("openat " FILE_PATH);
			syscall(__NR_close, f);
		}
		break;
	case ROW_OPEN_TF_CLOSE:
		for (i = 0; i < iter; i++) {
			f = open_file();
			if (f < 0)
				die("openat " FILE_PATH);
			tf(f);
			syscall(__NR_close, f);
		}
		break;
	case NR_ROWS:
		break;
	}
	return now_ns() - start;
}

static void check(long ret, const char *what)
{
	if (ret < 0) {
		fprintf(stderr, "trusted-for-bench: %s fails before timing: %s\n",
			what, strerror(errno));
		exit(1);
	}
}

/* Make each call once, as the rows will, and stop if any fails. */
static void check_calls(void)
{
	struct stat st;
	long f;

	check(syscall(__NR_getppid), "getppid");
	check(syscall(__NR_fstat, fd, &st), "fstat");
	if (!S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0755 || st.st_uid) {
		errno = EINVAL;
		die(FILE_PATH " is not a root-owned 0755 regular file");
	}
	check(faccess(fd), "faccessat2(fd, \"\", X_OK, AT_EMPTY_PATH | AT_EACCESS)");
	set_policy(0);
	check(tf(fd), "trusted_for under policy 0");
	set_policy(3);
	check(tf(fd), "trusted_for under policy 3");
	check(sys_execve_check(fd), "execveat(fd, \"\", argv, envp, AT_EMPTY_PATH | AT_EXECVE_CHECK)");
	f = open_file();
	check(f, "openat " FILE_PATH);
	check(tf(f), "trusted_for on a new fd under policy 3");
	check(syscall(__NR_close, f), "close");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, unsigned int n, double *min, double *max)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	*min = s[0];
	*max = s[n - 1];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void print_context(const char *unit, unsigned int rounds)
{
	struct statvfs sv;
	struct utsname u;

	if (!uname(&u))
		printf("kernel: %s %s %s\n", u.sysname, u.release, u.machine);
	printf("clock: clock_gettime(CLOCK_MONOTONIC), clocksource %s\n",
	       clocksource_at_start);
	printf("unit: %s per call\n", unit);
	if (statvfs(FILE_PATH, &sv))
		die("statvfs " FILE_PATH);
	printf("file: %s, regular, 0755, uid 0, on /tmp (tmpfs, %s)\n", FILE_PATH,
	       sv.f_flag & ST_NOEXEC ? "noexec" : "exec");
	printf("fs.trusted_for_policy: %d at start, restored at exit\n", saved_policy);
	printf("%u rounds; in each, every row runs its iterations once, in table order,\n"
	       "after a 20 ms sleep\n\n", rounds);
}

/* Time every row in @rounds rounds of @base_iter calls; print the table in @unit. */
static void measure(unsigned long base_iter, unsigned int rounds, const char *unit)
{
	double med[NR_ROWS], lo[NR_ROWS], hi[NR_ROWS];
	enum row_id id;
	unsigned int r;

	/* Warm up: a tenth of a round, untimed. */
	for (id = 0; id < NR_ROWS; id++) {
		set_policy(rows[id].policy);
		run(id, base_iter / rows[id].weight / 10 + 1);
	}
	for (r = 0; r < rounds; r++) {
		for (id = 0; id < NR_ROWS; id++) {
			unsigned long iter = base_iter / rows[id].weight;

			set_policy(rows[id].policy);
			pause_ticks();
			rows[id].per_call[r] = (double)run(id, iter) / iter;
		}
	}

	printf("row            calls made in each iteration\n");
	for (id = 0; id < NR_ROWS; id++)
		printf("%-14s %s\n", rows[id].key, rows[id].calls);
	printf("\n%-14s %7s %9s %9s %9s %9s %9s\n", "row", "iter", "median",
	       "min", "max", "/getppid", "/fstat");
	printf("%-14s %7s %9.9s %9.9s %9.9s\n", "", "", unit, unit, unit);
	for (id = 0; id < NR_ROWS; id++)
		med[id] = median(rows[id].per_call, rounds, &lo[id], &hi[id]);
	for (id = 0; id < NR_ROWS; id++)
		printf("%-14s %7lu %9.1f %9.1f %9.1f %9.2f %9.2f\n", rows[id].key,
		       base_iter / rows[id].weight, med[id], lo[id], hi[id],
		       med[id] / med[ROW_GETPPID], med[id] / med[ROW_FSTAT]);
	printf("\nopen-tf-close / open-close = %.2f\n",
	       med[ROW_OPEN_TF_CLOSE] / med[ROW_OPEN_CLOSE]);
	check_clocksource();
}

/*
 * -p: each one-call row's call once, warm, after the marker that names it;
 * then a marker without a row, which ends the profile.
 */
static void profile(void)
{
	enum row_id id;

	for (id = 0; id < NR_ROWS; id++) {
		if (rows[id].nr < 0)
			continue;
		set_policy(rows[id].policy);
		run(id, 100);
		syscall(-1L, rows[id].key, rows[id].nr);
		run(id, 1);
		printf("profiled %s: system call %ld\n", rows[id].key, rows[id].nr);
	}
	syscall(-1L, NULL, -1L);
}

static void usage(void)
{
	fprintf(stderr, "usage: trusted-for-bench [-i ITERATIONS] [-r ROUNDS] [-u UNIT] [-p]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *unit = "ns";
	unsigned long base_iter = 20000;
	unsigned int rounds = 7;
	int opt, f, profiling = 0;

	while ((opt = getopt(argc, argv, "i:r:u:p")) != -1) {
		switch (opt) {
		case 'i':
			base_iter = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 'u':
			unit = optarg;
			break;
		case 'p':
			profiling = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !base_iter || !rounds || rounds > MAX_ROUNDS)
		usage();

	saved_policy = read_policy();
	atexit(restore_policy);
	wait_for_tsc();

	f = open(FILE_PATH, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0700);
	if (f < 0 || write(f, "#!/bin/sh\n", 10) != 10 || close(f))
		die("creating " FILE_PATH);
	if (chown(FILE_PATH, 0, 0) || chmod(FILE_PATH, 0755))
		die("chown/chmod " FILE_PATH);
	fd = open(FILE_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("opening " FILE_PATH);

	if (!profiling)
		print_context(unit, rounds);
	check_calls();
	if (profiling)
		profile();
	else
		measure(base_iter, rounds, unit);

	close(fd);
	if (unlink(FILE_PATH))
		die("unlink " FILE_PATH);
	return 0;
}
