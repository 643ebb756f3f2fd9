// SPDX-License-Identifier: GPL-2.0
/*
 * fapolicyd and the three ways to ask whether a file may be executed, on
 * the distribution kernel (VARIANT=distro), run by guest/distro-run.sh.
 *
 * fapolicyd, the file access policy daemon of Fedora and Debian, marks
 * the mounts of the file systems it watches with fanotify and answers
 * each FAN_OPEN_EXEC_PERM event by its rules.  Its root tree (the daemon,
 * its libraries and a configuration for the guest) is staged by
 * scripts/build/distro-sysroot.sh, and guest/distro-run.sh copies it onto
 * the guest's / before the tests.  The rules deny the execution of one
 * file, FILE_DIR/untrusted, and of the readiness probe FILE_DIR/ready,
 * and allow everything else; fapolicyd watches tmpfs, and FILE_DIR is a
 * tmpfs that the program mounts.
 *
 * Before any test the program writes three #! scripts of mode 0755,
 * "ready", "untrusted" and "trusted", starts the daemon (in the
 * foreground, its output in DAEMON_LOG) and executes "ready" until
 * fapolicyd refuses it (EPERM), a bounded number of times: then the
 * daemon is listening.  (The probe has a rule of its own so that a
 * policy without the rule on "untrusted" fails the tests of "untrusted",
 * not the readiness check.)  Each test, for each of the two files:
 *
 * - execve(2) of the file: EPERM for "untrusted", 0 for "trusted";
 * - execveat(2) with AT_EXECVE_CHECK on a descriptor of the file: the
 *   same answers;
 * - trusted_for(2) on that descriptor under fs.trusted_for_policy 0 and 1:
 *   0 for both files (no open for execution, so fanotify is not asked);
 * - trusted_for(2) under policies 2 and 3: the open for execution that
 *   they make raises FAN_OPEN_EXEC_PERM, and fapolicyd's refusal comes
 *   back as is: EPERM for "untrusted", 0 for "trusted".
 *
 * The last test stops the daemon (SIGTERM) and checks that "untrusted"
 * then runs: the refusals were fapolicyd's.  That fapolicyd is missing,
 * exits or never refuses is a failure of every test, not a skip.
 *
 * Prints KTAP (the kselftest harness).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/trusted-for.h>

#include "kselftest_harness.h"

#include "common.h"
#include "execve-check.h"

/* What scripts/build/distro-sysroot.sh stages. */
#define DAEMON "/usr/sbin/fapolicyd"
/* The tmpfs of the test files, which the rules name (distro-sysroot.sh). */
#define FILE_DIR "/mnt/fapolicyd-test"
#define READY FILE_DIR "/ready"
#define UNTRUSTED FILE_DIR "/untrusted"
#define TRUSTED FILE_DIR "/trusted"
#define DAEMON_LOG "/tmp/fapolicyd.log"
/* The daemon's user, and the directories it writes as that user. */
#define DAEMON_USER "fapolicyd"
static const char *const daemon_dirs[] = {
	"/run/fapolicyd",
	"/var/lib/fapolicyd",
};

/* The readiness check: this many executions of READY, READY_DELAY_MS apart. */
#define READY_TRIES 600
#define READY_DELAY_MS 100

/* The daemon, and why it is not ready ("" once it refused an execution). */
static pid_t daemon_pid = -1;
static char daemon_err[512] = "not started";
static int ready_tries;

static void sleep_ms(const long ms)
{
	const struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000,
	};

	nanosleep(&ts, NULL);
}

/* Writes the #! script @path, of mode 0755. */
static int write_script(const char *const path)
{
	char content[96];
	int fd, len;

	len = snprintf(content, sizeof(content), "#!/bin/sh\n# %s\nexit 0\n",
		       path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0)
		return errno;
	if (write(fd, content, len) != len || fchmod(fd, 0755)) {
		close(fd);
		return errno ? errno : EIO;
	}
	return close(fd) ? errno : 0;
}

/* Finds @name's uid and gid in /etc/passwd: 0, or -1 when it is not there. */
static int find_user(const char *const name, uid_t *const uid,
		     gid_t *const gid)
{
	const size_t len = strlen(name);
	char line[512];
	unsigned int u, g;
	int ret = -1;
	FILE *f;

	f = fopen("/etc/passwd", "re");
	if (!f)
		return -1;
	while (ret && fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, len) || line[len] != ':' ||
		    sscanf(line + len, ":%*[^:]:%u:%u:", &u, &g) != 2)
			continue;
		*uid = u;
		*gid = g;
		ret = 0;
	}
	fclose(f);
	return ret;
}

/*
 * 0 when fcntl(2) takes a record lock on a file of /tmp, else its errno:
 * a kernel without CONFIG_FILE_LOCKING answers EACCES, and LMDB, which
 * keeps fapolicyd's trust database, cannot open it then.
 */
static int record_lock_err(void)
{
	struct flock fl = {
		.l_type = F_WRLCK,
		.l_whence = SEEK_SET,
		.l_len = 1,
	};
	char path[] = "/tmp/fapolicyd-lock-XXXXXX";
	int fd, err = 0;

	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fcntl(fd, F_SETLK, &fl))
		err = errno;
	close(fd);
	unlink(path);
	return err;
}

#define set_err(...) snprintf(daemon_err, sizeof(daemon_err), __VA_ARGS__)

/*
 * Puts the staged tree in place, mounts FILE_DIR, writes the two files,
 * starts fapolicyd and waits until it refuses to execute "untrusted".
 * Sets daemon_err to "" on success, else to what went wrong.
 */
static void __attribute__((constructor)) start_daemon(void)
{
	int err, status;
	size_t i;
	uid_t uid;
	gid_t gid;

	if (access(DAEMON, X_OK)) {
		set_err("no %s (%s): stage it with scripts/build/distro-sysroot.sh",
			DAEMON, strerror(errno));
		return;
	}
	/* The guest's files are root's: the daemon writes these as its user. */
	if (find_user(DAEMON_USER, &uid, &gid)) {
		set_err("no user %s in /etc/passwd", DAEMON_USER);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(daemon_dirs); i++) {
		if (chown(daemon_dirs[i], uid, gid)) {
			set_err("chown %s: %s", daemon_dirs[i], strerror(errno));
			return;
		}
	}
	if ((mkdir("/mnt", 0755) && errno != EEXIST) ||
	    (mkdir(FILE_DIR, 0755) && errno != EEXIST)) {
		set_err("mkdir %s: %s", FILE_DIR, strerror(errno));
		return;
	}
	if (mount("fapolicyd-test", FILE_DIR, "tmpfs", 0, "mode=0755")) {
		set_err("mounting a tmpfs on %s: %s", FILE_DIR, strerror(errno));
		return;
	}
	err = write_script(READY) ?: write_script(UNTRUSTED) ?:
	      write_script(TRUSTED);
	if (err) {
		set_err("writing the scripts in %s: %s", FILE_DIR, strerror(err));
		return;
	}

	daemon_pid = fork();
	if (daemon_pid < 0) {
		set_err("fork: %s", strerror(errno));
		return;
	}
	if (daemon_pid == 0) {
		const int log = open(DAEMON_LOG, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		const int null = open("/dev/null", O_RDONLY);

		if (log < 0 || null < 0 || dup2(null, STDIN_FILENO) < 0 ||
		    dup2(log, STDOUT_FILENO) < 0 || dup2(log, STDERR_FILENO) < 0)
			_exit(126);
		/* In the foreground, its denials on stderr. */
		execl(DAEMON, DAEMON, "--debug-deny", (char *)NULL);
		_exit(127);
	}

	for (ready_tries = 1; ready_tries <= READY_TRIES; ready_tries++) {
		if (waitpid(daemon_pid, &status, WNOHANG) == daemon_pid) {
			err = record_lock_err();
			set_err("fapolicyd ended (%s %d) before it refused %s%s%s",
				WIFEXITED(status) ? "exit" : "signal",
				WIFEXITED(status) ? WEXITSTATUS(status) :
						    WTERMSIG(status),
				READY, err ? "; fcntl(F_SETLK) fails here: " : "",
				err ? strerror(err) : "");
			daemon_pid = -1;
			return;
		}
		err = execve_errno(READY);
		if (err == EPERM) {
			daemon_err[0] = '\0';
			return;
		}
		if (err) {
			set_err("executing %s before fapolicyd refused it: %s",
				READY, err > 0 ? strerror(err) : "no exit 0");
			return;
		}
		sleep_ms(READY_DELAY_MS);
	}
	set_err("fapolicyd still let %s run after %d tries %d ms apart",
		READY, READY_TRIES, READY_DELAY_MS);
}

/* Stops the daemon that a test left running, and reaps it. */
static void __attribute__((destructor)) stop_daemon(void)
{
	if (daemon_pid <= 0 || getpid() == daemon_pid)
		return;
	kill(daemon_pid, SIGTERM);
	waitpid(daemon_pid, NULL, 0);
	daemon_pid = -1;
}

/*
 * Logs the daemon's output, a "# " line a line: the lines that contain
 * @only, or all of them when @only is NULL.  Only the first test that
 * calls it logs (the tests run in processes of their own: a file says it).
 */
static void log_daemon(struct __test_metadata *const _metadata,
		       const char *const only)
{
	char line[512];
	FILE *f;
	int fd;

	fd = open(DAEMON_LOG ".shown", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return;
	close(fd);
	f = fopen(DAEMON_LOG, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!only || strstr(line, only))
			TH_LOG("fapolicyd: %s", line);
	}
	fclose(f);
}

/* Fails the test, with the reason and the daemon's output, when not ready. */
#define ASSERT_DAEMON_READY()						\
	do {								\
		if (daemon_err[0])					\
			log_daemon(_metadata, NULL);			\
		ASSERT_STREQ("", daemon_err)				\
		{							\
			TH_LOG("fapolicyd is not ready: %s", daemon_err);\
		}							\
	} while (0)

FIXTURE(fapolicyd)
{
	int fd;
	int saved_policy;
};

/* A file, and fapolicyd's answer to its execution. */
FIXTURE_VARIANT(fapolicyd)
{
	const char *path;
	int denied;
};

FIXTURE_VARIANT_ADD(fapolicyd, untrusted)
{
	.path = UNTRUSTED,
	.denied = EPERM,
};

FIXTURE_VARIANT_ADD(fapolicyd, trusted)
{
	.path = TRUSTED,
	.denied = 0,
};

FIXTURE_SETUP(fapolicyd)
{
	self->fd = -1;
	self->saved_policy = read_policy();
	ASSERT_DAEMON_READY();
	self->fd = open(variant->path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(fapolicyd)
{
	write_policy(self->saved_policy);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(fapolicyd, execve)
{
	EXPECT_EQ(variant->denied, execve_errno(variant->path));
}

TEST_F(fapolicyd, execve_check)
{
	EXPECT_EQ(variant->denied, execve_check_errno(self->fd));
}

/* Policies 0 and 1 make no open for execution: fapolicyd is not asked. */
TEST_F(fapolicyd, trusted_for_policy_0)
{
	write_policy(0);
	EXPECT_EQ(0, trusted_for_errno(self->fd));
}

TEST_F(fapolicyd, trusted_for_policy_1)
{
	write_policy(1);
	EXPECT_EQ(0, trusted_for_errno(self->fd));
}

TEST_F(fapolicyd, trusted_for_policy_2)
{
	write_policy(2);
	EXPECT_EQ(variant->denied, trusted_for_errno(self->fd));
}

TEST_F(fapolicyd, trusted_for_policy_3)
{
	write_policy(3);
	EXPECT_EQ(variant->denied, trusted_for_errno(self->fd));
}

/* Runs last: stops the daemon, after which nothing is refused. */
FIXTURE(stopped)
{
	int saved_policy;
};

FIXTURE_SETUP(stopped)
{
	self->saved_policy = read_policy();
	ASSERT_DAEMON_READY();
}

FIXTURE_TEARDOWN(stopped)
{
	write_policy(self->saved_policy);
}

/* Whether @pid has ended: it is a zombie (its parent reaps it) or gone. */
static int ended(const pid_t pid)
{
	char path[32], buf[256], *end;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	end = strrchr(buf, ')');
	return end && end[1] == ' ' && (end[2] == 'Z' || end[2] == 'X');
}

TEST_F(stopped, untrusted_runs_once_fapolicyd_stops)
{
	int fd, tries;

	TH_LOG("fapolicyd refused %s at try %d", READY, ready_tries);
	ASSERT_EQ(0, kill(daemon_pid, SIGTERM));
	for (tries = 0; tries < 100 && !ended(daemon_pid); tries++)
		sleep_ms(100);
	ASSERT_TRUE(ended(daemon_pid))
	{
		TH_LOG("fapolicyd still runs 10 s after SIGTERM");
	}
	/* Its decisions to deny, one a line. */
	log_daemon(_metadata, "dec=deny");
	EXPECT_EQ(0, execve_errno(UNTRUSTED));
	fd = open(UNTRUSTED, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, execve_check_errno(fd));
	write_policy(3);
	EXPECT_EQ(0, trusted_for_errno(fd));
	EXPECT_EQ(0, close(fd));
}

TEST_HARNESS_MAIN
