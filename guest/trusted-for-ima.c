// SPDX-License-Identifier: GPL-2.0
/*
 * IMA and the two ways to ask whether a file may be executed, on the
 * distribution kernel (VARIANT=distro, which has IMA), run by
 * guest/distro-run.sh.
 *
 * Before any test, the program loads the IMA policy "measure
 * func=BPRM_CHECK" and "appraise func=BPRM_CHECK fowner=4242" (once a boot:
 * the kernel takes one policy when CONFIG_IMA_WRITE_POLICY is off; the
 * appraisal rule only covers files of uid 4242, which nothing else in the
 * guest owns).  Each test makes its own script, with
 * content and name of its own, in a directory of /tmp (a tmpfs), and
 * looks for the script's path in the measurement list:
 *
 * - an execution (execve(2) of the script) is measured: the policy works;
 * - execveat(2) with AT_EXECVE_CHECK on the script's descriptor is
 *   measured, and the check returns 0;
 * - a check that fails before the security modules' bprm_creds_for_exec
 *   hooks (a mode 0644 script: EACCES) measures nothing;
 * - reading the script measures nothing (the policy has no FILE_CHECK
 *   rule);
 * - trusted_for(2) that accepts the script measures it, under policy 0 as
 *   under policy 3, and also while another descriptor holds the script open
 *   for writing (IMA records that violation); a trusted_for(2) that the
 *   policy refuses (a mode 0644 script under policy 3) measures nothing;
 * - appraisal: a script of uid 4242 with no security.ima attribute fails
 *   the BPRM_CHECK appraisal rule, so trusted_for(2) answers EACCES under
 *   policy 0, as AT_EXECVE_CHECK and execve(2) do;
 * - the audit record of that failure (read from the kernel log, where the
 *   kernel prints audit records while no audit daemon listens) is of type
 *   AUDIT_INTEGRITY_USERSPACE (1808) for AT_EXECVE_CHECK and trusted_for(2),
 *   where user space enforces the answer, and AUDIT_INTEGRITY_DATA (1800)
 *   for execve(2), where the kernel does.
 *
 * Prints KTAP (the kselftest harness).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/trusted-for.h>

#include "kselftest_harness.h"

#include "common.h"
#include "execve-check.h"

/* The owner of the files that the appraisal rule covers. */
#define APPRAISED_UID 4242
#define IMA_POLICY "measure func=BPRM_CHECK\n" \
	"appraise func=BPRM_CHECK fowner=4242\n"

/* The IMA securityfs directory: 6.12 also has it under integrity/. */
static const char *const ima_dirs[] = {
	"/sys/kernel/security/ima",
	"/sys/kernel/security/integrity/ima",
};

/* 0, or the errno of loading the policy (in the constructor). */
static int policy_err = -1;
static char ima_dir[64];

static void __attribute__((constructor)) load_policy(void)
{
	char path[96];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(ima_dirs) / sizeof(ima_dirs[0]); i++) {
		if (access(ima_dirs[i], F_OK) == 0) {
			snprintf(ima_dir, sizeof(ima_dir), "%s", ima_dirs[i]);
			break;
		}
	}
	if (!ima_dir[0]) {
		policy_err = ENOENT;
		return;
	}
	snprintf(path, sizeof(path), "%s/policy", ima_dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		policy_err = errno;
		return;
	}
	/* IMA takes a rule a write(2), and says how much of it it took. */
	policy_err = 0;
	for (i = 0; i < sizeof(IMA_POLICY) - 1 && !policy_err;) {
		const ssize_t ret = write(fd, IMA_POLICY + i,
					  sizeof(IMA_POLICY) - 1 - i);

		if (ret > 0)
			i += ret;
		else
			policy_err = ret < 0 ? errno : EIO;
	}
	if (close(fd) && !policy_err)
		policy_err = errno;
}

/* The last line that measured() found. */
static char found_line[4096];

/* Whether a line of the measurement list ends with " @path". */
static bool measured(const char *const path)
{
	char list[96], line[4096];
	const size_t len = strlen(path);
	bool found = false;
	FILE *f;

	snprintf(list, sizeof(list), "%s/ascii_runtime_measurements", ima_dir);
	f = fopen(list, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");

		line[n] = '\0';
		found = n > len && line[n - len - 1] == ' ' &&
			strcmp(line + n - len, path) == 0;
	}
	if (found)
		snprintf(found_line, sizeof(found_line), "%s", line);
	fclose(f);
	return found;
}

FIXTURE(ima)
{
	char dir[32];
	char path[64];
	int fd;
	int saved_policy;
};

/* Makes a script of mode @mode, opened for reading in self->fd. */
static int make_script(FIXTURE_DATA(ima) *const self, const mode_t mode)
{
	char content[96];
	int fd, len;

	snprintf(self->path, sizeof(self->path), "%s/script", self->dir);
	len = snprintf(content, sizeof(content),
		       "#!/bin/sh\n# %s %d\nexit 0\n", self->dir, getpid());
	fd = open(self->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return errno;
	if (write(fd, content, len) != len || fchmod(fd, mode)) {
		close(fd);
		return errno ? errno : EIO;
	}
	if (close(fd))
		return errno;
	self->fd = open(self->path, O_RDONLY | O_CLOEXEC);
	return self->fd < 0 ? errno : 0;
}

FIXTURE_SETUP(ima)
{
	self->fd = -1;
	self->saved_policy = read_policy();
	ASSERT_EQ(0, policy_err)
	{
		TH_LOG("Loading the IMA policy failed: %s", strerror(policy_err));
	}
	snprintf(self->dir, sizeof(self->dir), "/tmp/ima_XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(ima)
{
	write_policy(self->saved_policy);
	if (self->fd >= 0)
		close(self->fd);
	unlink(self->path);
	rmdir(self->dir);
}

TEST_F(ima, execution_is_measured)
{
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_FALSE(measured(self->path));
	ASSERT_EQ(0, execve_errno(self->path));
	EXPECT_TRUE(measured(self->path));
}

TEST_F(ima, execve_check_is_measured)
{
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_FALSE(measured(self->path));
	ASSERT_EQ(0, execve_check_errno(self->fd));
	ASSERT_TRUE(measured(self->path));
	TH_LOG("measured: %s", found_line);
}

TEST_F(ima, refused_check_is_not_measured)
{
	ASSERT_EQ(0, make_script(self, 0644));
	ASSERT_EQ(EACCES, execve_check_errno(self->fd));
	EXPECT_FALSE(measured(self->path));
}

TEST_F(ima, read_is_not_measured)
{
	char buf[64];

	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_LT(0, read(self->fd, buf, sizeof(buf)));
	EXPECT_FALSE(measured(self->path));
}

TEST_F(ima, trusted_for_is_measured_under_policy_0)
{
	write_policy(0);
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_FALSE(measured(self->path));
	ASSERT_EQ(0, trusted_for_errno(self->fd));
	EXPECT_TRUE(measured(self->path));
	TH_LOG("measured: %s", found_line);
}

TEST_F(ima, trusted_for_is_measured_under_policy_3)
{
	write_policy(3);
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_EQ(0, trusted_for_errno(self->fd));
	EXPECT_TRUE(measured(self->path));
}

/* No write denial keeps IMA from measuring: it records the violation. */
TEST_F(ima, trusted_for_with_a_writer_is_measured)
{
	int writer;

	write_policy(0);
	ASSERT_EQ(0, make_script(self, 0755));
	writer = open(self->path, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, writer);
	EXPECT_EQ(0, trusted_for_errno(self->fd));
	EXPECT_EQ(0, close(writer));
	EXPECT_TRUE(measured(self->path));
}

TEST_F(ima, refused_trusted_for_is_not_measured)
{
	write_policy(3);
	ASSERT_EQ(0, make_script(self, 0644));
	ASSERT_EQ(EACCES, trusted_for_errno(self->fd));
	EXPECT_FALSE(measured(self->path));
}

/*
 * A script that the appraisal rule covers and that has no security.ima
 * attribute fails appraisal: refused by trusted_for(2) under policy 0, by
 * AT_EXECVE_CHECK and by execve(2), all with EACCES.
 */
TEST_F(ima, appraisal_failure_refuses)
{
	write_policy(0);
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_EQ(0, fchown(self->fd, APPRAISED_UID, APPRAISED_UID));
	EXPECT_EQ(EACCES, trusted_for_errno(self->fd));
	EXPECT_EQ(EACCES, execve_check_errno(self->fd));
	EXPECT_EQ(EACCES, execve_errno(self->path));
}

/* The audit record types of an appraisal failure (linux/audit.h). */
#define AUDIT_INTEGRITY_DATA 1800
#define AUDIT_INTEGRITY_USERSPACE 1808

/* /dev/kmsg, positioned after every record already logged. */
static int kmsg_open(void)
{
	const int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The audit type of the first appraisal record about @path logged on @kmsg
 * since it was opened, waiting up to 5 s (the kernel's audit thread prints
 * records after the call returns); 0 if there is none.
 */
static int appraisal_audit_type(const int kmsg, const char *const path)
{
	const struct timespec pause = { .tv_nsec = 100 * 1000 * 1000 };
	char record[2048], name[128];
	const char *type;
	ssize_t len;
	int tries;

	snprintf(name, sizeof(name), "name=\"%s\"", path);
	for (tries = 0; tries < 50; tries++) {
		while ((len = read(kmsg, record, sizeof(record) - 1)) > 0) {
			record[len] = '\0';
			type = strstr(record, "audit: type=");
			if (type && strstr(record, "op=appraise_data") &&
			    strstr(record, name))
				return atoi(type + strlen("audit: type="));
		}
		if (len < 0 && errno != EAGAIN && errno != EPIPE)
			return -errno;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/* The three ways to ask about a file, for the audit tests. */
enum request { REQ_EXECVE_CHECK, REQ_TRUSTED_FOR, REQ_EXECVE };

/*
 * Makes a script that fails appraisal, asks about it with @req (EACCES), and
 * expects an appraisal record of type @want in the kernel log.  Each request
 * has a file of its own: IMA keeps the result of an appraisal and would not
 * appraise, nor audit, the same file twice.
 */
static void expect_audit(struct __test_metadata *const _metadata,
			 FIXTURE_DATA(ima) *const self, const enum request req,
			 const int want)
{
	const int kmsg = kmsg_open();
	int err;

	ASSERT_LE(0, kmsg);
	write_policy(0);
	ASSERT_EQ(0, make_script(self, 0755));
	ASSERT_EQ(0, fchown(self->fd, APPRAISED_UID, APPRAISED_UID));
	if (req == REQ_EXECVE_CHECK)
		err = execve_check_errno(self->fd);
	else if (req == REQ_TRUSTED_FOR)
		err = trusted_for_errno(self->fd);
	else
		err = execve_errno(self->path);
	EXPECT_EQ(EACCES, err);
	EXPECT_EQ(want, appraisal_audit_type(kmsg, self->path));
	close(kmsg);
}

TEST_F(ima, check_appraisal_failure_is_audited_as_userspace)
{
	expect_audit(_metadata, self, REQ_EXECVE_CHECK, AUDIT_INTEGRITY_USERSPACE);
}

TEST_F(ima, trusted_for_appraisal_failure_is_audited_as_userspace)
{
	expect_audit(_metadata, self, REQ_TRUSTED_FOR, AUDIT_INTEGRITY_USERSPACE);
}

TEST_F(ima, execve_appraisal_failure_is_audited_as_data)
{
	expect_audit(_metadata, self, REQ_EXECVE, AUDIT_INTEGRITY_DATA);
}

TEST_HARNESS_MAIN
