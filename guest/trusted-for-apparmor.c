// SPDX-License-Identifier: GPL-2.0
/*
 * AppArmor and the three ways to ask whether a file may be run, on the
 * distribution kernel (VARIANT=distro), where AppArmor is the exclusive
 * security module.  Run by guest/distro-run.sh once Debian's
 * apparmor_parser is in the guest (scripts/build/distro-sysroot.sh).
 *
 * The constructor makes three copies of the guest's static busybox, which
 * run as "true": DIR/r/true, DIR/x/true and DIR/p/true, and loads two
 * profiles with apparmor_parser, "trusted-for-enforce" and, in complain
 * mode, "trusted-for-complain".  Both let a task read every file of DIR
 * and execute DIR/x/true (ix); DIR/r/true may be read, not executed;
 * DIR/p/true may be executed into a profile that is not loaded (px), which
 * an execution cannot do.
 *
 * Each test runs the checks in a child that first changes to a profile
 * (or stays unconfined), opens the files and asks trusted_for(2),
 * execveat(2) with AT_EXECVE_CHECK and execve(2); the answers come back
 * through a pipe.  The tests, under each value of fs.trusted_for_policy:
 *
 * - enforce mode: the read-only file is refused by execve(2) and
 *   AT_EXECVE_CHECK (EACCES), and by trusted_for(2) under the policies with
 *   bit 1 (an execution's checks), not under 0 and 1; the executable file
 *   is accepted by all three;
 * - enforce mode: trusted_for(2) does not look at the domain transition,
 *   so the px file passes it under every policy, where execve(2) and
 *   AT_EXECVE_CHECK fail (EACCES: the target profile is not loaded);
 * - complain mode: the read-only file is accepted by all three (AppArmor
 *   logs and allows);
 * - unconfined: the read-only file is accepted by all three.
 *
 * Prints KTAP (the kselftest harness).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "common.h"
#include "execve-check.h"

#define DIR "/tmp/tf-apparmor"
#define PARSER "/usr/sbin/apparmor_parser"
#define BUSYBOX "/bin/busybox"
#define PROFILES DIR "/profiles"

/* The rules that both profiles share. */
#define RULES \
	"{\n" \
	"  " DIR "/ r,\n" \
	"  " DIR "/** r,\n" \
	"  " DIR "/x/true ix,\n" \
	"  " DIR "/p/true px -> trusted-for-not-loaded,\n" \
	"}\n"

static const char profiles[] =
	"profile trusted-for-enforce " RULES
	"profile trusted-for-complain flags=(complain) " RULES;

/* The files, in the order of struct answers' arrays. */
enum { READ_ONLY, EXECUTABLE, TRANSITION, NR_FILES };
static const char *const files[NR_FILES] = {
	DIR "/r/true", DIR "/x/true", DIR "/p/true",
};

/* What went wrong in the constructor, for the tests to report. */
static char setup_error[256];

static void setup_failed(const char *const what, const int err)
{
	snprintf(setup_error, sizeof(setup_error), "%s: %s", what,
		 strerror(err));
}

/* Copies the guest's busybox to @path, mode 0755. */
static int copy_busybox(const char *const path)
{
	char buf[65536];
	int in, out, err = 0;
	ssize_t n;

	in = open(BUSYBOX, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return errno;
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0) {
		err = errno;
		close(in);
		return err;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			err = errno ? errno : EIO;
			break;
		}
	}
	if (n < 0)
		err = errno;
	close(in);
	if (close(out) && !err)
		err = errno;
	if (!err && chmod(path, 0755))
		err = errno;
	return err;
}

/* Runs apparmor_parser to load (or replace) the profiles. */
static int load_profiles(void)
{
	char *const argv[] = { PARSER, "--replace", "--skip-cache",
			       PROFILES, NULL };
	int status, fd;
	pid_t child;

	fd = open(PROFILES, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	if (write(fd, profiles, sizeof(profiles) - 1) !=
	    (ssize_t)sizeof(profiles) - 1 || close(fd))
		return errno ? errno : EIO;
	child = fork();
	if (child < 0)
		return errno;
	if (child == 0) {
		execv(PARSER, argv);
		fprintf(stderr, "%s: %s\n", PARSER, strerror(errno));
		_exit(127);
	}
	if (waitpid(child, &status, 0) != child)
		return errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return ENOEXEC;
	return 0;
}

static void __attribute__((constructor)) setup(void)
{
	static const char *const dirs[] = {
		DIR, DIR "/r", DIR "/x", DIR "/p",
	};
	size_t i;
	int err;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (mkdir(dirs[i], 0755) && errno != EEXIST) {
			setup_failed(dirs[i], errno);
			return;
		}
	}
	for (i = 0; i < NR_FILES; i++) {
		err = copy_busybox(files[i]);
		if (err) {
			setup_failed(files[i], err);
			return;
		}
	}
	err = load_profiles();
	if (err)
		setup_failed(PARSER " could not load the profiles", err);
}

/* The answers about each file, as errno values (0: accepted). */
struct answers {
	int trusted_for[NR_FILES];
	int execve_check[NR_FILES];
	int execve[NR_FILES];
};

/* Changes the calling task to @profile, at once. */
static int change_profile(const char *const profile)
{
	static const char *const attrs[] = {
		"/proc/self/attr/apparmor/current",
		"/proc/self/attr/current",
	};
	char cmd[128];
	size_t i;
	int fd, len;

	len = snprintf(cmd, sizeof(cmd), "changeprofile %s", profile);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		fd = open(attrs[i], O_WRONLY | O_CLOEXEC);
		if (fd >= 0)
			break;
	}
	if (fd < 0)
		return errno;
	if (write(fd, cmd, len) != len) {
		const int err = errno;

		close(fd);
		return err ? err : EIO;
	}
	return close(fd) ? errno : 0;
}

/*
 * Asks about each file in a child that runs under @profile (NULL: stays
 * unconfined).  Returns 0 with @a filled, else an errno value of the
 * child's set-up, logged.
 */
static int ask(struct __test_metadata *const _metadata,
	       const char *const profile, struct answers *const a)
{
	int pipefd[2], status, err;
	pid_t child;
	ssize_t n;
	size_t i;

	if (pipe2(pipefd, O_CLOEXEC))
		return errno;
	child = fork();
	if (child < 0)
		return errno;
	if (child == 0) {
		struct answers got;

		close(pipefd[0]);
		err = profile ? change_profile(profile) : 0;
		if (err)
			_exit(err);
		for (i = 0; i < NR_FILES; i++) {
			const int fd = open(files[i], O_RDONLY | O_CLOEXEC);

			if (fd < 0)
				_exit(errno);
			got.trusted_for[i] = trusted_for_errno(fd);
			got.execve_check[i] = execve_check_errno(fd);
			got.execve[i] = execve_errno(files[i]);
			close(fd);
		}
		_exit(write(pipefd[1], &got, sizeof(got)) == sizeof(got) ?
			      0 : EIO);
	}
	close(pipefd[1]);
	n = read(pipefd[0], a, sizeof(*a));
	close(pipefd[0]);
	if (waitpid(child, &status, 0) != child)
		return errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		err = WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
		TH_LOG("the child under %s failed: %s",
		       profile ? profile : "no profile", strerror(err));
		return err;
	}
	return n == sizeof(*a) ? 0 : EIO;
}

FIXTURE(apparmor)
{
	int saved_policy;
};

FIXTURE_VARIANT(apparmor)
{
	int policy;
};

FIXTURE_VARIANT_ADD(apparmor, policy_0)
{
	.policy = 0,
};

FIXTURE_VARIANT_ADD(apparmor, policy_1)
{
	.policy = 1,
};

FIXTURE_VARIANT_ADD(apparmor, policy_2)
{
	.policy = 2,
};

FIXTURE_VARIANT_ADD(apparmor, policy_3)
{
	.policy = 3,
};

FIXTURE_SETUP(apparmor)
{
	ASSERT_EQ('\0', setup_error[0])
	{
		TH_LOG("setting up: %s", setup_error);
	}
	self->saved_policy = read_policy();
	write_policy(variant->policy);
}

FIXTURE_TEARDOWN(apparmor)
{
	write_policy(self->saved_policy);
}

TEST_F(apparmor, execute_permission_decides_under_bit_1)
{
	const int refused = (variant->policy & 2) ? EACCES : 0;
	struct answers a;

	ASSERT_EQ(0, ask(_metadata, "trusted-for-enforce", &a));
	EXPECT_EQ(EACCES, a.execve[READ_ONLY]);
	EXPECT_EQ(EACCES, a.execve_check[READ_ONLY]);
	EXPECT_EQ(refused, a.trusted_for[READ_ONLY]);
	EXPECT_EQ(0, a.execve[EXECUTABLE]);
	EXPECT_EQ(0, a.execve_check[EXECUTABLE]);
	EXPECT_EQ(0, a.trusted_for[EXECUTABLE]);
}

TEST_F(apparmor, transition_is_not_looked_at)
{
	struct answers a;

	ASSERT_EQ(0, ask(_metadata, "trusted-for-enforce", &a));
	EXPECT_EQ(EACCES, a.execve[TRANSITION]);
	EXPECT_EQ(EACCES, a.execve_check[TRANSITION]);
	EXPECT_EQ(0, a.trusted_for[TRANSITION]);
}

TEST_F(apparmor, complain_mode_lets_through)
{
	struct answers a;

	ASSERT_EQ(0, ask(_metadata, "trusted-for-complain", &a));
	EXPECT_EQ(0, a.execve[READ_ONLY]);
	EXPECT_EQ(0, a.execve_check[READ_ONLY]);
	EXPECT_EQ(0, a.trusted_for[READ_ONLY]);
}

TEST_F(apparmor, unconfined_is_not_asked)
{
	struct answers a;

	ASSERT_EQ(0, ask(_metadata, NULL, &a));
	EXPECT_EQ(0, a.execve[READ_ONLY]);
	EXPECT_EQ(0, a.execve_check[READ_ONLY]);
	EXPECT_EQ(0, a.trusted_for[READ_ONLY]);
}

TEST_HARNESS_MAIN
