/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest programs share: the fs.trusted_for_policy sysctl, dying
 * with a message, and a tally of trusted_for(2)'s results.
 *
 * A program may define DIE_STATUS (default 2) before including this file.
 */
#ifndef TRUSTED_FOR_GUEST_COMMON_H
#define TRUSTED_FOR_GUEST_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_PATH "/proc/sys/fs/trusted_for_policy"

#ifndef DIE_STATUS
#define DIE_STATUS 2
#endif

extern char *program_invocation_short_name;

static inline void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what,
		strerror(errno));
	exit(DIE_STATUS);
}

static inline int read_policy(void)
{
	FILE *f = fopen(POLICY_PATH, "r");
	int policy;

	if (!f || fscanf(f, "%d", &policy) != 1)
		die("reading " POLICY_PATH);
	fclose(f);
	return policy;
}

static inline void write_policy(int policy)
{
	FILE *f = fopen(POLICY_PATH, "w");

	if (!f || fprintf(f, "%d\n", policy) < 0 || fclose(f))
		die("writing " POLICY_PATH);
}

/* How many calls gave each result. */
struct tf_results {
	unsigned long calls, ok, eacces, ebadf, einval, other;
};

static inline void tf_count(struct tf_results *r, int err)
{
	r->calls++;
	switch (err) {
	case 0: r->ok++; break;
	case EACCES: r->eacces++; break;
	case EBADF: r->ebadf++; break;
	case EINVAL: r->einval++; break;
	default: r->other++;
	}
}

static inline void tf_add(struct tf_results *sum, const struct tf_results *r)
{
	sum->calls += r->calls;
	sum->ok += r->ok;
	sum->eacces += r->eacces;
	sum->ebadf += r->ebadf;
	sum->einval += r->einval;
	sum->other += r->other;
}

static inline void tf_print(const struct tf_results *r)
{
	printf("results 0=%lu EACCES=%lu EBADF=%lu EINVAL=%lu other=%lu\n",
	       r->ok, r->eacces, r->ebadf, r->einval, r->other);
}

#endif /* TRUSTED_FOR_GUEST_COMMON_H */
