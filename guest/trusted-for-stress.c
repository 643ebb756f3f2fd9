// SPDX-License-Identifier: GPL-2.0
/*
 * Stress trusted_for(2) against concurrent changes of its inputs.
 *
 *   trusted-for-stress SECONDS
 *
 * Caller threads (three as root, one as uid 1000, switched with the raw
 * setresuid system call, which changes the credentials of that thread
 * only) call trusted_for() on a rotating set of descriptor slots, while
 * a writer thread sets fs.trusted_for_policy to random values in 0..3
 * and a mutator thread closes, reopens and dup2()s some of the slots.
 *
 * Both the writer and the mutator publish what they do with a sequence
 * counter and a history: before a change the counter becomes odd (the
 * change may or may not be in force), after it even; history[k] is the
 * value of state k.  A caller reads both counters before and after its
 * call, so it knows every policy value and every file the slot may have
 * held during the call; its answer must be the expected one for at least
 * one pair of them, and nothing else.  Each counted violation is printed.
 *
 * Prints the calls made, threads, seconds, results by errno and
 * violations; exits 0 only if there were none.  Runs as root in a scratch
 * guest: it mounts two tmpfs under /tmp and restores the sysctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/trusted-for.h>

#include "common.h"

#define DIR_EXEC "/tmp/stress-exec"
#define DIR_NOEXEC "/tmp/stress-noexec"
#define UNPRIV_UID 1000
#define ROOT_CALLERS 3
#define NR_CALLERS (ROOT_CALLERS + 1)
#define HIST 65536		/* power of two */
#define SLOT_FD_BASE 600	/* slot descriptors: far above open()'s picks */
#define NR_VOLATILE 4

/* What a descriptor slot may hold. */
enum kind {
	CLOSED,
	EXEC_0755,	/* regular, exec mount, rwxr-xr-x */
	EXEC_0644,	/* regular, exec mount, rw-r--r-- */
	EXEC_0700,	/* regular, exec mount, rwx------ (root only) */
	EXEC_0000,	/* regular, exec mount, no permission bit */
	NOEXEC_0755,	/* regular, noexec mount */
	NOEXEC_0644,
	PIPE_R,		/* read end of a pipe made by root */
	MEMFD,
	SOCKET,		/* AF_UNIX stream socket */
	OPATH,		/* O_PATH descriptor of EXEC_0755 */
	NR_KINDS
};

static const char *const kind_names[NR_KINDS] = {
	"closed", "exec 0755", "exec 0644", "exec 0700", "exec 0000",
	"noexec 0755", "noexec 0644", "pipe", "memfd", "unix socket", "O_PATH",
};

/*
 * expected(kind, policy, unpriv): the one answer (0 or an errno) that
 * trusted_for(fd, TRUSTED_FOR_EXECUTION, 0) owes for a descriptor of
 * @kind under @policy, for root (all capabilities) or for uid 1000.
 *
 * Every slot was opened for reading by root, and that is the read right:
 * no read permission is asked of the caller.  Any policy bit refuses what
 * is not a regular file or lives on a kernel-internal mount (memfd); bit 0
 * refuses noexec mounts; bit 1 needs an execute bit that applies (root:
 * any x bit).
 */
static int expected(enum kind kind, int policy, int unpriv)
{
	int mode, noexec = 0;

	switch (kind) {
	case CLOSED:
	case OPATH:
		return EBADF;
	case PIPE_R:
		/* S_IFIFO 0600 owned by root: the descriptor is the read right */
		return policy ? EACCES : 0;
	case SOCKET:
		return policy ? EACCES : 0;	/* S_IFSOCK 0777 */
	case MEMFD:
		return policy ? EACCES : 0;	/* 0777, on the internal shm mount */
	case EXEC_0755: mode = 0755; break;
	case EXEC_0644: mode = 0644; break;
	case EXEC_0700: mode = 0700; break;
	case EXEC_0000: mode = 0000; break;
	case NOEXEC_0755: mode = 0755; noexec = 1; break;
	case NOEXEC_0644: mode = 0644; noexec = 1; break;
	default:
		abort();
	}
	/* Files are owned by root: uid 1000 gets the "other" bits. */
	if ((policy & 1) && noexec)
		return EACCES;
	if ((policy & 2) && !(unpriv ? mode & 01 : mode & 0111))
		return EACCES;
	return 0;
}

/* A published history: seq odd while the change to hist[seq / 2 + 1] is made. */
struct history {
	unsigned long seq;
	int hist[HIST];
};

static struct history policy_hist;
static int stop;

struct slot {
	int fd;
	int volatile_slot;
	struct history h;
};

#define NR_STABLE (NR_KINDS - 1)	/* one per kind but CLOSED */
#define NR_SLOTS (NR_STABLE + NR_VOLATILE)
static struct slot slots[NR_SLOTS];
static int templates[NR_KINDS];		/* an open fd of each kind */
static char paths[NR_KINDS][64];

static unsigned long load_seq(struct history *h)
{
	return __atomic_load_n(&h->seq, __ATOMIC_SEQ_CST);
}

/* Announce state k + 1 = @value, to be made by the caller, then publish it. */
static void begin_change(struct history *h, int value)
{
	unsigned long k = h->seq / 2 + 1;

	__atomic_store_n(&h->hist[k % HIST], value, __ATOMIC_SEQ_CST);
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_SEQ_CST);
}

static void end_change(struct history *h)
{
	__atomic_store_n(&h->seq, h->seq + 1, __ATOMIC_SEQ_CST);
}

static int hist_at(struct history *h, unsigned long k)
{
	return __atomic_load_n(&h->hist[k % HIST], __ATOMIC_SEQ_CST);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int policy_fd;

/* The writer thread's fast path: one pwrite(2) on a descriptor kept open. */
static void write_policy_fd(int policy)
{
	char c = '0' + policy;

	if (pwrite(policy_fd, &c, 1, 0) != 1)
		die("writing " POLICY_PATH);
}

static unsigned long policy_writes;

static void *writer(void *arg)
{
	uint64_t rnd = (uintptr_t)arg;

	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		int policy = xorshift(&rnd) % 4;

		begin_change(&policy_hist, policy);
		write_policy_fd(policy);
		end_change(&policy_hist);
		policy_writes++;
		if (xorshift(&rnd) % 4 == 0)
			sched_yield();
	}
	return NULL;
}

/* A fresh open file description of @kind, at a low descriptor. */
static int fresh_fd(enum kind kind)
{
	int fd, fds[2];

	switch (kind) {
	case PIPE_R:
		if (pipe(fds))
			die("pipe");
		close(fds[1]);
		return fds[0];
	case MEMFD:
		fd = memfd_create("stress", 0);
		break;
	case SOCKET:
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		break;
	case OPATH:
		fd = open(paths[EXEC_0755], O_PATH);
		break;
	default:
		fd = open(paths[kind], O_RDONLY);
	}
	if (fd < 0)
		die(kind_names[kind]);
	return fd;
}

static unsigned long mutations;

/* Close, reopen (a fresh open file) and dup2 over the volatile slots. */
static void *mutator(void *arg)
{
	uint64_t rnd = (uintptr_t)arg;

	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		struct slot *s = &slots[NR_STABLE + xorshift(&rnd) % NR_VOLATILE];
		enum kind kind = 1 + xorshift(&rnd) % (NR_KINDS - 1);
		int how = xorshift(&rnd) % 3, tmp;

		if (how == 0) {		/* close */
			begin_change(&s->h, CLOSED);
			close(s->fd);
			end_change(&s->h);
		} else if (how == 1) {	/* dup2 of a long-lived descriptor */
			begin_change(&s->h, kind);
			if (dup2(templates[kind], s->fd) != s->fd)
				die("dup2");
			end_change(&s->h);
		} else {		/* reopen: a new open file put in the slot */
			tmp = fresh_fd(kind);
			begin_change(&s->h, kind);
			if (dup2(tmp, s->fd) != s->fd)
				die("dup2");
			end_change(&s->h);
			close(tmp);
		}
		mutations++;
		if (xorshift(&rnd) % 8 == 0)
			sched_yield();
	}
	return NULL;
}

struct caller {
	pthread_t thread;
	int unpriv;
	uint64_t rnd;
	struct tf_results res;
	unsigned long violations;
	unsigned long wide;
	unsigned long policy_overlap, slot_overlap;	/* a change during the call */
};

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long reported;

static void *caller(void *arg)
{
	struct caller *c = arg;

	if (c->unpriv) {
		/* Raw calls: this thread only, not the whole process. */
		if (syscall(SYS_setgroups, 0, NULL) ||
		    syscall(SYS_setresgid, UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
		    syscall(SYS_setresuid, UNPRIV_UID, UNPRIV_UID, UNPRIV_UID))
			die("dropping to uid 1000");
	}
	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		struct slot *s = &slots[xorshift(&c->rnd) % NR_SLOTS];
		unsigned long p1, p2, s1, s2, pk, sk;
		int ret, err, good = 0;

		p1 = load_seq(&policy_hist);
		s1 = load_seq(&s->h);
		ret = syscall(__NR_trusted_for, s->fd, TRUSTED_FOR_EXECUTION, 0);
		err = ret ? errno : 0;
		s2 = load_seq(&s->h);
		p2 = load_seq(&policy_hist);

		tf_count(&c->res, err);
		c->policy_overlap += p1 != p2;
		c->slot_overlap += s1 != s2;
		/* States that may have been in force: [seq1 / 2, (seq2 + 1) / 2]. */
		if ((p2 + 1) / 2 - p1 / 2 >= HIST || (s2 + 1) / 2 - s1 / 2 >= HIST) {
			/*
			 * The call spanned more changes than the history
			 * keeps (the thread was off the CPU for long): any
			 * policy and, for a volatile slot, any kind may have
			 * been in force.
			 */
			c->wide++;
			for (pk = 0; !good && pk < 4; pk++)
				for (sk = 0; !good && sk < NR_KINDS; sk++)
					good = (s->volatile_slot || (int)sk == hist_at(&s->h, 0)) &&
					       expected(sk, pk, c->unpriv) == err;
		} else {
			for (pk = p1 / 2; !good && pk <= (p2 + 1) / 2; pk++)
				for (sk = s1 / 2; !good && sk <= (s2 + 1) / 2; sk++)
					good = expected(hist_at(&s->h, sk),
							hist_at(&policy_hist, pk),
							c->unpriv) == err;
		}
		if (!good) {
			c->violations++;
			pthread_mutex_lock(&report_lock);
			if (reported++ < 20) {
				printf("VIOLATION: %s caller, slot fd %d, got %s; policies:",
				       c->unpriv ? "uid 1000" : "root", s->fd,
				       err ? strerror(err) : "0");
				for (pk = p1 / 2; pk <= (p2 + 1) / 2 && pk < p1 / 2 + 16; pk++)
					printf(" %d", hist_at(&policy_hist, pk));
				printf("; slot held:");
				for (sk = s1 / 2; sk <= (s2 + 1) / 2 && sk < s1 / 2 + 16; sk++)
					printf(" [%s]", kind_names[hist_at(&s->h, sk)]);
				printf("\n");
			}
			pthread_mutex_unlock(&report_lock);
		}
	}
	return NULL;
}

static void make_file(enum kind kind, const char *dir, mode_t mode)
{
	int fd;

	snprintf(paths[kind], sizeof(paths[kind]), "%s/%04o", dir, mode);
	fd = open(paths[kind], O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "#!/bin/sh\n", 10) != 10 || close(fd) ||
	    chmod(paths[kind], mode))
		die(paths[kind]);
}

int main(int argc, char **argv)
{
	struct caller callers[NR_CALLERS];
	pthread_t wt, mt;
	struct tf_results sum = { 0 };
	unsigned long violations = 0, wide = 0, povl = 0, sovl = 0;
	int seconds, saved, i;
	enum kind k;
	uint64_t seed;
	struct timespec t0, t1;

	if (argc != 2 || (seconds = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: trusted-for-stress SECONDS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = (uint64_t)time(NULL) * 2654435761u | 1;

	policy_fd = open(POLICY_PATH, O_RDWR);
	if (policy_fd < 0)
		die(POLICY_PATH);
	saved = read_policy();
	policy_hist.hist[0] = saved;

	if ((mkdir(DIR_EXEC, 0755) && errno != EEXIST) ||
	    (mkdir(DIR_NOEXEC, 0755) && errno != EEXIST))
		die("mkdir");
	if (mount("tmpfs", DIR_EXEC, "tmpfs", 0, "mode=0755") ||
	    mount("tmpfs", DIR_NOEXEC, "tmpfs", MS_NOEXEC, "mode=0755"))
		die("mount");
	make_file(EXEC_0755, DIR_EXEC, 0755);
	make_file(EXEC_0644, DIR_EXEC, 0644);
	make_file(EXEC_0700, DIR_EXEC, 0700);
	make_file(EXEC_0000, DIR_EXEC, 0000);
	make_file(NOEXEC_0755, DIR_NOEXEC, 0755);
	make_file(NOEXEC_0644, DIR_NOEXEC, 0644);

	templates[CLOSED] = -1;
	for (k = CLOSED + 1; k < NR_KINDS; k++)
		templates[k] = fresh_fd(k);
	/* Stable slots: one of each kind; volatile ones start as EXEC_0755. */
	for (i = 0; i < NR_SLOTS; i++) {
		k = i < NR_STABLE ? (enum kind)(i + 1) : EXEC_0755;
		slots[i].fd = SLOT_FD_BASE + i;
		slots[i].volatile_slot = i >= NR_STABLE;
		slots[i].h.hist[0] = k;
		if (dup2(templates[k], slots[i].fd) != slots[i].fd)
			die("dup2");
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < NR_CALLERS; i++) {
		memset(&callers[i], 0, sizeof(callers[i]));
		callers[i].unpriv = i >= ROOT_CALLERS;
		callers[i].rnd = seed + 0x9e3779b97f4a7c15ull * (i + 1);
		if (pthread_create(&callers[i].thread, NULL, caller, &callers[i]))
			die("pthread_create");
	}
	if (pthread_create(&wt, NULL, writer, (void *)(uintptr_t)(seed ^ 0x5555)) ||
	    pthread_create(&mt, NULL, mutator, (void *)(uintptr_t)(seed ^ 0xaaaa)))
		die("pthread_create");
	sleep(seconds);
	__atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < NR_CALLERS; i++)
		pthread_join(callers[i].thread, NULL);
	pthread_join(wt, NULL);
	pthread_join(mt, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	write_policy(saved);
	if (read_policy() != saved)
		die("restoring " POLICY_PATH);

	for (i = 0; i < NR_CALLERS; i++) {
		tf_add(&sum, &callers[i].res);
		violations += callers[i].violations;
		wide += callers[i].wide;
		povl += callers[i].policy_overlap;
		sovl += callers[i].slot_overlap;
	}
	printf("calls %lu\n", sum.calls);
	printf("threads %d callers (%d root, %d uid %d), 1 sysctl writer, 1 fd mutator\n",
	       NR_CALLERS, ROOT_CALLERS, NR_CALLERS - ROOT_CALLERS, UNPRIV_UID);
	printf("cpus %ld online\n", sysconf(_SC_NPROCESSORS_ONLN));
	printf("seconds %.1f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("policy writes %lu, fd slot changes %lu, seed %llu\n", policy_writes,
	       mutations, (unsigned long long)seed);
	tf_print(&sum);
	printf("calls during which the policy changed %lu, the slot changed %lu\n", povl, sovl);
	printf("calls spanning more than %d changes (checked against all values) %lu\n",
	       HIST, wide);
	printf("violations %lu\n", violations);
	printf("policy restored to %d\n", saved);
	umount(DIR_EXEC);
	umount(DIR_NOEXEC);
	return violations || sum.other ? 1 : 0;
}
