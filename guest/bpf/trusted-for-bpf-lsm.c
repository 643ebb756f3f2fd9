// SPDX-License-Identifier: GPL-2.0
/*
 * A BPF LSM program on trusted_for(2)'s hook (trusted-for-deny.bpf.c),
 * loaded with libbpf, in a kernel built with BPF LSM (make check
 * VARIANT=distro).  A kselftest harness program: it prints KTAP.
 *
 * The program refuses the files in its map with the map's error and
 * passes every other file; the tests check that the refused file gets
 * that error under every value of fs.trusted_for_policy, that other files
 * are unaffected, that the hook passes the program the caller's usage and
 * the sysctl's value that the request was checked against,
 * that detaching the program restores the answers, and that the program
 * cannot turn what the sysctl or Landlock refuses into a success: those
 * refusals come before it (the sysctl's in the system call itself,
 * Landlock's earlier in the order of security modules).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <linux/trusted-for.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"
#include "execve-check.h"
#include "trusted-for-deny.h"
#include "trusted-for-deny.skel.h"

#define POLICY_PATH "/proc/sys/fs/trusted_for_policy"


static int read_policy(void)
{
	FILE *f = fopen(POLICY_PATH, "r");
	int policy = -1;

	if (f) {
		if (fscanf(f, "%d", &policy) != 1)
			policy = -1;
		fclose(f);
	}
	return policy;
}

static int write_policy(int policy)
{
	FILE *f = fopen(POLICY_PATH, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%d\n", policy) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Create @path with @mode and @content, and open it for reading. */
static int make_file(const char *path, mode_t mode)
{
	static const char content[] = "#!/bin/sh\necho hello\n";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	if (write(fd, content, sizeof(content) - 1) != sizeof(content) - 1 ||
	    close(fd) || chmod(path, mode))
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* The key under which the program knows the file that @fd is open on. */
static int file_key(int fd, struct tf_file_key *key)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	*key = (struct tf_file_key){
		.ino = st.st_ino,
		.dev = major(st.st_dev) << 20 | minor(st.st_dev),
	};
	return 0;
}

static struct tf_seen seen(struct trusted_for_deny_bpf *skel)
{
	struct tf_seen s = { .calls = ~0ULL };
	__u32 zero = 0;

	bpf_map__lookup_elem(skel->maps.seen, &zero, sizeof(zero), &s,
			     sizeof(s), 0);
	return s;
}

FIXTURE(bpf_lsm) {
	struct trusted_for_deny_bpf *skel;
	char dir[32];
	char denied_path[64], other_path[64];
	int denied_fd, other_fd;
	int saved_policy;
};

FIXTURE_SETUP(bpf_lsm)
{
	struct tf_file_key key;
	__s32 err = EPERM;

	self->saved_policy = read_policy();
	ASSERT_LE(0, self->saved_policy);
	strcpy(self->dir, "/tmp/tf-bpf-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->denied_path, sizeof(self->denied_path), "%s/denied",
		 self->dir);
	snprintf(self->other_path, sizeof(self->other_path), "%s/other",
		 self->dir);
	/* Executable files on an exec mount: every policy accepts them. */
	self->denied_fd = make_file(self->denied_path, 0755);
	ASSERT_LE(0, self->denied_fd);
	self->other_fd = make_file(self->other_path, 0755);
	ASSERT_LE(0, self->other_fd);

	self->skel = trusted_for_deny_bpf__open_and_load();
	ASSERT_NE(NULL, self->skel) TH_LOG("loading the BPF program: %s",
					   strerror(errno));
	ASSERT_EQ(0, file_key(self->denied_fd, &key));
	ASSERT_EQ(0, bpf_map__update_elem(self->skel->maps.denied, &key,
					  sizeof(key), &err, sizeof(err),
					  BPF_ANY));
	ASSERT_EQ(0, trusted_for_deny_bpf__attach(self->skel))
		TH_LOG("attaching to lsm/file_trusted_for: %s", strerror(errno));
}

FIXTURE_TEARDOWN(bpf_lsm)
{
	trusted_for_deny_bpf__destroy(self->skel);
	if (self->saved_policy >= 0)
		write_policy(self->saved_policy);
	close(self->denied_fd);
	close(self->other_fd);
	unlink(self->denied_path);
	unlink(self->other_path);
	rmdir(self->dir);
}

TEST_F(bpf_lsm, refuses_its_file_under_every_policy)
{
	for (int policy = 0; policy <= 3; policy++) {
		ASSERT_EQ(0, write_policy(policy));
		EXPECT_EQ(EPERM, trusted_for_errno(self->denied_fd))
			TH_LOG("policy %d", policy);
	}
}

TEST_F(bpf_lsm, the_error_is_the_programs)
{
	struct tf_file_key key;
	__s32 err = ENOKEY;

	ASSERT_EQ(0, file_key(self->denied_fd, &key));
	ASSERT_EQ(0, bpf_map__update_elem(self->skel->maps.denied, &key,
					  sizeof(key), &err, sizeof(err),
					  BPF_EXIST));
	EXPECT_EQ(ENOKEY, trusted_for_errno(self->denied_fd));
}

TEST_F(bpf_lsm, other_files_unaffected)
{
	for (int policy = 0; policy <= 3; policy++) {
		ASSERT_EQ(0, write_policy(policy));
		EXPECT_EQ(0, trusted_for_errno(self->other_fd))
			TH_LOG("policy %d", policy);
	}
}

TEST_F(bpf_lsm, sees_the_usage)
{
	struct tf_seen before = seen(self->skel), after;

	ASSERT_NE(~0ULL, before.calls);
	EXPECT_EQ(0, trusted_for_errno(self->other_fd));
	after = seen(self->skel);
	EXPECT_EQ(before.calls + 1, after.calls);
	EXPECT_EQ(TRUSTED_FOR_EXECUTION, after.last_usage);
	/* No module before it refused: the hook passes the program 0. */
	EXPECT_EQ(0, after.last_ret);
}

TEST_F(bpf_lsm, sees_the_policy)
{
	for (int policy = 0; policy <= 3; policy++) {
		ASSERT_EQ(0, write_policy(policy));
		EXPECT_EQ(0, trusted_for_errno(self->other_fd));
		EXPECT_EQ(policy, seen(self->skel).last_policy)
			TH_LOG("the sysctl is %d", policy);
	}
}

TEST_F(bpf_lsm, detached_everything_as_before)
{
	struct tf_seen before;

	bpf_link__destroy(self->skel->links.trusted_for_deny);
	self->skel->links.trusted_for_deny = NULL;
	before = seen(self->skel);
	for (int policy = 0; policy <= 3; policy++) {
		ASSERT_EQ(0, write_policy(policy));
		EXPECT_EQ(0, trusted_for_errno(self->denied_fd))
			TH_LOG("policy %d", policy);
		EXPECT_EQ(0, trusted_for_errno(self->other_fd))
			TH_LOG("policy %d", policy);
	}
	EXPECT_EQ(before.calls, seen(self->skel).calls);
}

/*
 * What the sysctl refuses stays refused: the program, which passes every
 * file but the one in its map, is not even asked.
 */
TEST_F(bpf_lsm, sysctl_refusal_stands)
{
	char mnt[64], path[96];
	struct tf_seen before;
	int fd;

	snprintf(mnt, sizeof(mnt), "%s/noexec", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("tmpfs", mnt, "tmpfs", MS_NOEXEC, NULL));
	snprintf(path, sizeof(path), "%s/script", mnt);
	fd = make_file(path, 0755);
	ASSERT_LE(0, fd);

	before = seen(self->skel);
	ASSERT_EQ(0, write_policy(1));
	EXPECT_EQ(EACCES, trusted_for_errno(fd));
	/* Bit 1: a file that nobody may execute. */
	ASSERT_EQ(0, chmod(self->other_path, 0644));
	ASSERT_EQ(0, write_policy(2));
	EXPECT_EQ(EACCES, trusted_for_errno(self->other_fd));
	EXPECT_EQ(before.calls, seen(self->skel).calls);
	/* The same files under policy 0: the program is asked, and passes. */
	ASSERT_EQ(0, write_policy(0));
	EXPECT_EQ(0, trusted_for_errno(fd));
	EXPECT_EQ(0, trusted_for_errno(self->other_fd));
	EXPECT_EQ(before.calls + 2, seen(self->skel).calls);

	close(fd);
	unlink(path);
	umount(mnt);
	rmdir(mnt);
}

static int landlock_sandbox(const char *dir)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_EXECUTE |
				     LANDLOCK_ACCESS_FS_READ_FILE,
	};
	struct landlock_path_beneath_attr rule = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int ruleset, err;

	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return -1;
	rule.parent_fd = open(dir, O_PATH | O_CLOEXEC);
	err = rule.parent_fd < 0 ||
	      syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		      &rule, 0) ||
	      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	      syscall(__NR_landlock_restrict_self, ruleset, 0);
	close(rule.parent_fd);
	close(ruleset);
	return err ? -1 : 0;
}

/*
 * What Landlock refuses stays refused: in a domain that may read but not
 * execute the files, trusted_for(2) fails although the program would pass
 * the file, and the program is not asked (bpf comes after landlock).
 */
TEST_F(bpf_lsm, landlock_refusal_stands)
{
	struct tf_seen before = seen(self->skel);
	int status;
	pid_t child;

	ASSERT_EQ(0, write_policy(0));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (landlock_sandbox(self->dir))
			_exit(2);
		_exit(trusted_for_errno(self->other_fd) == EACCES ? 0 : 1);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("2: no sandbox; 1: trusted_for(2) did not fail with EACCES");
	EXPECT_EQ(before.calls, seen(self->skel).calls);
	/* Outside the sandbox the same file passes. */
	EXPECT_EQ(0, trusted_for_errno(self->other_fd));
}

TEST_HARNESS_MAIN
