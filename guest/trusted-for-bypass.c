// SPDX-License-Identifier: GPL-2.0
/*
 * Attempts to get a "yes" from trusted_for(2) for content that the
 * policy should refuse, each under fs.trusted_for_policy 1, 2 and 3.
 *
 *   trusted-for-bypass
 *
 * Prints "ok N NAME" or "not ok N NAME" per attempt and policy, with
 * "# " lines giving the answer, the expected one and its reason; a test
 * that this kernel's configuration cannot run is "ok N NAME # SKIP
 * REASON".  Each attempt's expected answers and reason are in the table
 * in main().  Where the expected answer is 0, the reason says why that is
 * not a bypass; for files, the answer of execveat(2) on the same
 * descriptor is printed too, since trusted_for's mount bit is meant to
 * agree with what execve(2) allows.
 *
 * Runs as root in a scratch guest: mounts tmpfs, bind and overlay mounts
 * under /tmp/bp, forks children running as uid 1000, restores the sysctl.
 * Exits 0 only if every test passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/trusted-for.h>

#include "common.h"

#define UNPRIV 1000
#define SETUP_FAILED 200	/* a child's exit status when its setup failed */

static int tf(int fd)
{
	return syscall(__NR_trusted_for, fd, TRUSTED_FOR_EXECUTION, 0) ? errno : 0;
}

static const char *name_of(int err)
{
	static char buf[32];

	switch (err) {
	case 0: return "0";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case -1: return "not run";
	}
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static void xmkdir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		die(path);
}

static void xmount(const char *src, const char *dst, const char *type,
		   unsigned long flags, const char *data)
{
	if (mount(src, dst, type, flags, data))
		die(dst);
}

/* Write this program (an ELF that exits 0 with --exit0) to @out. */
static void write_self(int out, const char *what)
{
	char buf[65536];
	ssize_t n;
	int in = open("/proc/self/exe", O_RDONLY);

	if (in < 0 || out < 0)
		die(what);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			die(what);
	if (n < 0)
		die(what);
	close(in);
}

/* A copy of this program at @path, with @mode. */
static void copy_self(const char *path, mode_t mode)
{
	int out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	write_self(out, path);
	if (close(out) || chmod(path, mode))
		die(path);
}

static int xopen(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die(path);
	return fd;
}

/* execveat(fd, "", AT_EMPTY_PATH) in a child: 0 if the program ran. */
static int exec_answer(int fd)
{
	char *const argv[] = { "trusted-for-bypass", "--exit0", NULL };
	char *const envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		_exit(errno);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		die("waitpid");
	return WEXITSTATUS(status);
}

static void drop_to_unpriv(void)
{
	if (setgroups(0, NULL) || setresgid(UNPRIV, UNPRIV, UNPRIV) ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV))
		_exit(SETUP_FAILED);
}

static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		die("waitpid");
	if (WEXITSTATUS(status) == SETUP_FAILED) {
		fprintf(stderr, "trusted-for-bypass: a child's setup failed\n");
		exit(2);
	}
	return WEXITSTATUS(status);
}

static int send_fd(int sock, int fd)
{
	char c = 'f';
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char c;
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/*
 * The fixtures, made once.  /tmp/bp/ex is an exec tmpfs, /tmp/bp/nx a
 * noexec one; "prog" files are copies of this program.
 */
static int fd_memfd, fd_memfd_x, fd_memfd_proc;
static int fd_bind_exec_of_noexec, fd_bind_noexec_of_exec;
static int fd_remounted, fd_remounted_back;
static int fd_ovl_noexec_lower, fd_ovl_noexec_upper, fd_ovl_noexec_overlay;
static int fd_mapfiles_noexec_overlay, fd_mapfiles_noexec_lower;
static int fd_root_wronly_0200, fd_ns_noexec, fd_ns_exec, fd_detached_noexec;

static int open_map_files(const char *path)
{
	char link[128];
	int fd = xopen(path, O_RDONLY), mfd;
	void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die("mmap");
	close(fd);
	/* The mapping's /proc/self/map_files link: the file the vma holds. */
	snprintf(link, sizeof(link), "/proc/self/map_files/%lx-%lx",
		 (unsigned long)p, (unsigned long)p + 4096);
	mfd = xopen(link, O_RDONLY);
	munmap(p, 4096);
	return mfd;
}

/* A descriptor of a file on a tmpfs mounted in a new mount namespace. */
static int fd_from_private_ns(unsigned long flags)
{
	int sv[2], fd;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tmpfs", "/tmp/bp/ns", "tmpfs", flags, "mode=0755"))
			_exit(SETUP_FAILED);
		copy_self("/tmp/bp/ns/prog", 0755);
		fd = open("/tmp/bp/ns/prog", O_RDONLY);
		_exit(fd < 0 || send_fd(sv[1], fd) ? SETUP_FAILED : 0);
	}
	fd = recv_fd(sv[0]);
	if (child_status(pid) || fd < 0)
		die("private mount namespace");
	close(sv[0]);
	close(sv[1]);
	return fd;
}

static void setup(void)
{
	char path[64];

	xmkdir("/tmp/bp");
	xmount("tmpfs", "/tmp/bp", "tmpfs", 0, "mode=0755");
	xmkdir("/tmp/bp/ex");
	xmkdir("/tmp/bp/nx");
	xmount("tmpfs", "/tmp/bp/ex", "tmpfs", 0, "mode=0755");
	xmount("tmpfs", "/tmp/bp/nx", "tmpfs", MS_NOEXEC, "mode=0755");

	/* memfds: 0777 as created, after fchmod, and reopened by /proc */
	fd_memfd = memfd_create("bypass", 0);
	fd_memfd_x = memfd_create("bypass-x", 0);
	write_self(fd_memfd, "memfd");
	write_self(fd_memfd_x, "memfd");
	if (fchmod(fd_memfd_x, 0755))
		die("memfd");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd_memfd_x);
	fd_memfd_proc = xopen(path, O_RDONLY);

	/* exec bind mount of a noexec mount, and a noexec bind of an exec one */
	copy_self("/tmp/bp/nx/prog", 0755);
	copy_self("/tmp/bp/ex/prog", 0755);
	xmkdir("/tmp/bp/bind-exec");
	xmkdir("/tmp/bp/bind-noexec");
	xmount("/tmp/bp/nx", "/tmp/bp/bind-exec", NULL, MS_BIND, NULL);
	xmount(NULL, "/tmp/bp/bind-exec", NULL, MS_REMOUNT | MS_BIND, NULL);
	xmount("/tmp/bp/ex", "/tmp/bp/bind-noexec", NULL, MS_BIND, NULL);
	xmount(NULL, "/tmp/bp/bind-noexec", NULL, MS_REMOUNT | MS_BIND | MS_NOEXEC, NULL);
	fd_bind_exec_of_noexec = xopen("/tmp/bp/bind-exec/prog", O_RDONLY);
	fd_bind_noexec_of_exec = xopen("/tmp/bp/bind-noexec/prog", O_RDONLY);

	/* an exec tmpfs remounted noexec after the fd was opened */
	xmkdir("/tmp/bp/remount");
	xmount("tmpfs", "/tmp/bp/remount", "tmpfs", 0, "mode=0755");
	copy_self("/tmp/bp/remount/prog", 0755);
	fd_remounted = xopen("/tmp/bp/remount/prog", O_RDONLY);
	xmount(NULL, "/tmp/bp/remount", NULL, MS_REMOUNT | MS_NOEXEC, "mode=0755");
	/* and one remounted noexec, then exec again */
	xmkdir("/tmp/bp/remount2");
	xmount("tmpfs", "/tmp/bp/remount2", "tmpfs", MS_NOEXEC, "mode=0755");
	copy_self("/tmp/bp/remount2/prog", 0755);
	fd_remounted_back = xopen("/tmp/bp/remount2/prog", O_RDONLY);
	xmount(NULL, "/tmp/bp/remount2", NULL, MS_REMOUNT, "mode=0755");

	/* overlay (exec) with a noexec lower layer: a file of the lower layer */
	xmkdir("/tmp/bp/nx/h-lower");
	xmkdir("/tmp/bp/ex/h-upper");
	xmkdir("/tmp/bp/ex/h-work");
	xmkdir("/tmp/bp/ovl-h");
	copy_self("/tmp/bp/nx/h-lower/prog", 0755);
	xmount("overlay", "/tmp/bp/ovl-h", "overlay", 0,
	       "lowerdir=/tmp/bp/nx/h-lower,upperdir=/tmp/bp/ex/h-upper,workdir=/tmp/bp/ex/h-work");
	fd_ovl_noexec_lower = xopen("/tmp/bp/ovl-h/prog", O_RDONLY);
	fd_mapfiles_noexec_lower = open_map_files("/tmp/bp/ovl-h/prog");

	/* overlay (exec) with a noexec upper layer: a file made through it */
	xmkdir("/tmp/bp/ex/i-lower");
	xmkdir("/tmp/bp/nx/i-upper");
	xmkdir("/tmp/bp/nx/i-work");
	xmkdir("/tmp/bp/ovl-i");
	xmount("overlay", "/tmp/bp/ovl-i", "overlay", 0,
	       "lowerdir=/tmp/bp/ex/i-lower,upperdir=/tmp/bp/nx/i-upper,workdir=/tmp/bp/nx/i-work");
	copy_self("/tmp/bp/ovl-i/prog", 0755);
	if (access("/tmp/bp/nx/i-upper/prog", F_OK))
		die("the overlay's new file is not in its upper layer");
	fd_ovl_noexec_upper = xopen("/tmp/bp/ovl-i/prog", O_RDONLY);

	/* overlay mounted noexec over exec layers */
	xmkdir("/tmp/bp/ex/j-lower");
	xmkdir("/tmp/bp/ex/j-upper");
	xmkdir("/tmp/bp/ex/j-work");
	xmkdir("/tmp/bp/ovl-j");
	copy_self("/tmp/bp/ex/j-lower/prog", 0755);
	xmount("overlay", "/tmp/bp/ovl-j", "overlay", MS_NOEXEC,
	       "lowerdir=/tmp/bp/ex/j-lower,upperdir=/tmp/bp/ex/j-upper,workdir=/tmp/bp/ex/j-work");
	fd_ovl_noexec_overlay = xopen("/tmp/bp/ovl-j/prog", O_RDONLY);
	fd_mapfiles_noexec_overlay = open_map_files("/tmp/bp/ovl-j/prog");

	/* root-owned files for the permission tests */
	copy_self("/tmp/bp/ex/0200", 0200);
	fd_root_wronly_0200 = xopen("/tmp/bp/ex/0200", O_WRONLY);
	copy_self("/tmp/bp/ex/0733", 0733);
	copy_self("/tmp/bp/ex/0700", 0700);
	copy_self("/tmp/bp/ex/chmod", 0755);

	/* tmpfs in a private mount namespace, the fd sent back to us */
	xmkdir("/tmp/bp/ns");
	fd_ns_noexec = fd_from_private_ns(MS_NOEXEC);
	fd_ns_exec = fd_from_private_ns(0);

	/* a noexec tmpfs detached (umount -l) after the fd was opened */
	xmkdir("/tmp/bp/detach");
	xmount("tmpfs", "/tmp/bp/detach", "tmpfs", MS_NOEXEC, "mode=0755");
	copy_self("/tmp/bp/detach/prog", 0755);
	fd_detached_noexec = xopen("/tmp/bp/detach/prog", O_RDONLY);
	if (umount2("/tmp/bp/detach", MNT_DETACH))
		die("umount -l");
}

/* The attempts.  Each returns trusted_for's answer (0 or an errno). */

static int t_memfd(void) { return tf(fd_memfd); }
static int t_memfd_x(void) { return tf(fd_memfd_x); }
static int t_memfd_proc(void) { return tf(fd_memfd_proc); }
static int t_bind_exec(void) { return tf(fd_bind_exec_of_noexec); }
static int t_bind_noexec(void) { return tf(fd_bind_noexec_of_exec); }
static int t_remounted(void) { return tf(fd_remounted); }
static int t_remounted_back(void) { return tf(fd_remounted_back); }
static int t_ovl_lower(void) { return tf(fd_ovl_noexec_lower); }
static int t_ovl_upper(void) { return tf(fd_ovl_noexec_upper); }
static int t_ovl_noexec(void) { return tf(fd_ovl_noexec_overlay); }
static int t_mapfiles_lower(void) { return tf(fd_mapfiles_noexec_lower); }
static int t_mapfiles_overlay(void) { return tf(fd_mapfiles_noexec_overlay); }
static int t_root_wronly(void) { return tf(fd_root_wronly_0200); }
static int t_ns_noexec(void) { return tf(fd_ns_noexec); }
static int t_ns_exec(void) { return tf(fd_ns_exec); }
static int t_detached(void) { return tf(fd_detached_noexec); }

/* uid 1000 opens root's 0733 file (write and execute, no read) O_WRONLY. */
static int t_wronly_unpriv(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		int fd;

		drop_to_unpriv();
		fd = open("/tmp/bp/ex/0733", O_WRONLY);
		_exit(fd < 0 ? SETUP_FAILED : tf(fd));
	}
	return child_status(pid);
}

/* uid 1000 opens a 0755 file, root then makes it 0711, uid 1000 asks. */
static int t_chmod_after_open(void)
{
	int sv[2], fd;
	char c;
	pid_t pid;

	if (chmod("/tmp/bp/ex/chmod", 0755) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("chmod");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		drop_to_unpriv();
		fd = open("/tmp/bp/ex/chmod", O_RDONLY);
		if (fd < 0 || write(sv[1], "o", 1) != 1 || read(sv[1], &c, 1) != 1)
			_exit(SETUP_FAILED);
		_exit(tf(fd));
	}
	if (read(sv[0], &c, 1) != 1 || chmod("/tmp/bp/ex/chmod", 0711) ||
	    write(sv[0], "c", 1) != 1)
		die("chmod after open");
	close(sv[0]);
	close(sv[1]);
	return child_status(pid);
}

/* Send @path's fd (opened here, as root) to a child that asks. */
static int passed_fd(const char *path, int fd, int unpriv)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		int got;

		if (unpriv)
			drop_to_unpriv();
		got = recv_fd(sv[1]);
		_exit(got < 0 ? SETUP_FAILED : tf(got));
	}
	if (fd < 0)
		fd = xopen(path, O_RDONLY);
	else
		fd = dup(fd);
	if (send_fd(sv[0], fd))
		die("sendmsg");
	close(fd);
	close(sv[0]);
	close(sv[1]);
	return child_status(pid);
}

static int t_passed_0700_unpriv(void) { return passed_fd("/tmp/bp/ex/0700", -1, 1); }
static int t_passed_noexec(void) { return passed_fd("/tmp/bp/nx/prog", -1, 0); }
static int t_passed_memfd(void) { return passed_fd(NULL, fd_memfd_x, 0); }
static int t_passed_exec_unpriv(void) { return passed_fd("/tmp/bp/ex/prog", -1, 1); }


/* Writes @text to the file @path, in a child: _exit()s on failure. */
static void write_or_fail(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = strlen(text);

	if (fd < 0 || write(fd, text, len) != len)
		_exit(SETUP_FAILED);
	close(fd);
}

/*
 * In a child: enter a new user and mount namespace where the caller's
 * current uid and gid are mapped to root.
 */
static void enter_userns(void)
{
	char map[32];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	/*
	 * Changing uids made the process non-dumpable, which gives its /proc
	 * files to root: it could not write its own maps.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) ||
	    unshare(CLONE_NEWUSER | CLONE_NEWNS))
		_exit(SETUP_FAILED);
	write_or_fail("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)uid);
	write_or_fail("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)gid);
	write_or_fail("/proc/self/gid_map", map);
}

/*
 * uid 1000 makes a user namespace, mounts a tmpfs there (tmpfs allows
 * mounts in user namespaces), writes a 0755 file and asks about it.
 */
static int t_userns_tmpfs(void)
{
	static const char dir[] = "/tmp/bp/userns";
	pid_t pid;

	if (mkdir(dir, 0777) && errno != EEXIST)
		die("mkdir");
	chmod(dir, 0777);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		int fd;

		drop_to_unpriv();
		enter_userns();
		if (mount("tmpfs", dir, "tmpfs", 0, "mode=0755"))
			_exit(SETUP_FAILED);
		fd = open("/tmp/bp/userns/prog", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
		if (fd < 0 || write(fd, "#!/bin/sh\n", 10) != 10 || fchmod(fd, 0755))
			_exit(SETUP_FAILED);
		close(fd);
		fd = open("/tmp/bp/userns/prog", O_RDONLY | O_CLOEXEC);
		_exit(fd < 0 ? SETUP_FAILED : tf(fd));
	}
	return child_status(pid);
}

/*
 * Write the sysctl (to a value other than the current one) from a child
 * that is root without CAP_SYS_ADMIN, uid 1000, or the root of a user
 * namespace where uid 0 is mapped to itself (it owns the 0600 file there,
 * but the write needs CAP_SYS_ADMIN in the initial user namespace): the
 * error of open or write, and the value must not change.
 */
enum writer { WRITER_NO_SYSADMIN, WRITER_UID_1000, WRITER_USERNS_ROOT };

static int sysctl_write(enum writer who)
{
	int before = read_policy(), sv, ret;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		char c = '0' + (before + 1) % 4;
		int fd;

		if (who == WRITER_UID_1000) {
			drop_to_unpriv();
		} else if (who == WRITER_USERNS_ROOT) {
			enter_userns();
		} else {
			struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
			struct __user_cap_data_struct d[2];

			if (syscall(SYS_capget, &h, d))
				_exit(SETUP_FAILED);
			d[0].effective &= ~(1u << CAP_SYS_ADMIN);
			d[0].permitted &= ~(1u << CAP_SYS_ADMIN);
			d[0].inheritable &= ~(1u << CAP_SYS_ADMIN);
			if (syscall(SYS_capset, &h, d))
				_exit(SETUP_FAILED);
		}
		fd = open(POLICY_PATH, O_WRONLY);
		if (fd < 0)
			_exit(errno);
		_exit(write(fd, &c, 1) == 1 ? 0 : errno);
	}
	ret = child_status(pid);
	sv = read_policy();
	if (sv != before) {
		printf("# the sysctl changed from %d to %d\n", before, sv);
		write_policy(before);
		return -2;
	}
	return ret;
}

static int t_sysctl_nosysadmin(void) { return sysctl_write(WRITER_NO_SYSADMIN); }
static int t_sysctl_unpriv(void) { return sysctl_write(WRITER_UID_1000); }
static int t_userns_sysctl(void) { return sysctl_write(WRITER_USERNS_ROOT); }

struct attempt {
	const char *name;
	int (*run)(void);
	int want[4];		/* by policy; [0] unused */
	int *exec_fd;		/* print execveat's answer on this fd */
	const char *skip;	/* why this kernel cannot run it */
	const char *why;
};

#define E EACCES
#define B EBADF

static const struct attempt attempts[] = {
	{ "memfd", t_memfd, { 0, E, E, E }, &fd_memfd, NULL,
	  "a memfd lives on the kernel-internal shm mount (MNT_INTERNAL): refused under any policy bit, "
	  "although execveat(2) runs it" },
	{ "memfd after fchmod 0755", t_memfd_x, { 0, E, E, E }, NULL, NULL,
	  "execute bits do not make a memfd a file on a visible mount: still MNT_INTERNAL" },
	{ "memfd reopened through /proc/self/fd", t_memfd_proc, { 0, E, E, E }, &fd_memfd_proc, NULL,
	  "the magic link reopens the same file on the same internal mount: a new file description, same answer" },
	{ "exec bind mount of a noexec tmpfs", t_bind_exec, { 0, 0, 0, 0 }, &fd_bind_exec_of_noexec, NULL,
	  "0 is no bypass: noexec is a per-mount flag and the fd's own mount (the bind) is exec, "
	  "so execve(2) through it runs the file too; only root (CAP_SYS_ADMIN) can make such a bind" },
	{ "noexec bind mount of an exec tmpfs", t_bind_noexec, { 0, E, 0, E }, &fd_bind_noexec_of_exec, NULL,
	  "the fd's own mount (the bind) is noexec: bit 0 refuses whatever the original mount says; "
	  "0 under policy 2: the file is 0755 and bit 0 is not set" },
	{ "mount remounted noexec after open", t_remounted, { 0, E, 0, E }, &fd_remounted, NULL,
	  "the mount flags are read at call time from the fd's mount, not at open time; "
	  "0 under policy 2: bit 1 only asks for an execute bit, which the file has" },
	{ "noexec mount remounted exec after open", t_remounted_back, { 0, 0, 0, 0 }, &fd_remounted_back, NULL,
	  "0 is no bypass: at call time the mount is exec (root remounted it), and execve(2) agrees" },
	{ "overlay (exec) on a noexec lower layer", t_ovl_lower, { 0, 0, 0, 0 }, &fd_ovl_noexec_lower, NULL,
	  "the fd's path is on the overlay mount, whose flags are exec; path_noexec() does not look at the layers, "
	  "and execve(2) of the same file runs it: 0 agrees with execve, and only root can mount an overlay here" },
	{ "overlay (exec) on a noexec upper layer", t_ovl_upper, { 0, 0, 0, 0 }, &fd_ovl_noexec_upper, NULL,
	  "as for the lower layer: the overlay mount's own flags decide, as for execve(2)" },
	{ "overlay mounted noexec on exec layers", t_ovl_noexec, { 0, E, 0, E }, &fd_ovl_noexec_overlay, NULL,
	  "the overlay mount is noexec: refused under bit 0 although the layers are exec; "
	  "0 under policy 2 (0755, bit 0 unset)" },
	{ "overlay with noexec lower, reopened via /proc/self/map_files", t_mapfiles_lower, { 0, 0, 0, 0 },
	  &fd_mapfiles_noexec_lower, NULL,
	  "overlayfs puts its real (layer) file in the mapping, but opens it with open_with_fake_path(): "
	  "its f_path is the overlay's, so the map_files reopen lands on the (exec) overlay mount again; "
	  "0 is no bypass: the same answer as the overlay fd, and execve(2) agrees" },
	{ "noexec overlay on exec layers, reopened via /proc/self/map_files", t_mapfiles_overlay, { 0, E, 0, E },
	  &fd_mapfiles_noexec_overlay, NULL,
	  "reaching the exec layer through the mapping's real file does not escape the overlay's noexec: "
	  "the real file's f_path is the overlay's path (open_with_fake_path()); 0 under policy 2 (0755)" },
	{ "root-owned 0200 file opened O_WRONLY by root", t_root_wronly, { B, B, B, B }, &fd_root_wronly_0200, NULL,
	  "a descriptor not open for reading is not one the caller reads code from: EBADF under every policy, "
	  "before any permission check (root could pass the read check with CAP_DAC_OVERRIDE)" },
	{ "root-owned 0733 file opened O_WRONLY by uid 1000", t_wronly_unpriv, { B, B, B, B }, NULL, NULL,
	  "uid 1000 may write and execute but not read it: the write-only descriptor gets EBADF under every "
	  "policy, policy 2 included, where the x bit would pass" },
	{ "fd opened by uid 1000, file made 0711 before the call", t_chmod_after_open, { 0, E, E, E }, NULL, NULL,
	  "permission is checked at call time on the inode with the caller's credentials, not at open time" },
	{ "root's 0700 file sent over a unix socket to uid 1000", t_passed_0700_unpriv, { 0, E, E, E }, NULL, NULL,
	  "the receiver's credentials decide: uid 1000 may not read the file, whoever opened it" },
	{ "noexec-mount file sent over a unix socket", t_passed_noexec, { 0, E, 0, E }, NULL, NULL,
	  "the fd keeps its mount: passing it to another process does not launder noexec; "
	  "0 under policy 2: 0755 and bit 0 unset" },
	{ "memfd sent over a unix socket", t_passed_memfd, { 0, E, E, E }, NULL, NULL,
	  "a memfd stays on the internal mount in any process" },
	{ "exec 0755 file sent over a unix socket to uid 1000", t_passed_exec_unpriv, { 0, 0, 0, 0 }, NULL, NULL,
	  "0 is no bypass: uid 1000 could open, read and execute this file itself" },
	{ "noexec tmpfs of a private mount namespace, fd sent out", t_ns_noexec, { 0, E, 0, E }, &fd_ns_noexec, NULL,
	  "a mount the caller cannot see still has its flags: the fd's own mount is noexec "
	  "(0 under policy 2: 0755, bit 0 unset)" },
	{ "exec tmpfs of a private mount namespace, fd sent out", t_ns_exec, { 0, 0, 0, 0 }, &fd_ns_exec, NULL,
	  "0 is no bypass: an ordinary regular file on an exec mount that another namespace's root made; "
	  "the caller could execveat(2) the same fd, as printed" },
	{ "noexec tmpfs detached (umount -l) after open", t_detached, { 0, E, 0, E }, &fd_detached_noexec, NULL,
	  "a detached mount is not MNT_INTERNAL and keeps its noexec flag" },
	{ "0755 file on a tmpfs that uid 1000 mounted in its user namespace", t_userns_tmpfs, { 0, 0, 0, 0 },
	  NULL, NULL,
	  "not a trusted_for bypass but the limit of a policy made of mount flags and mode bits: whoever may "
	  "create a user namespace may mount an exec tmpfs and put 0755 files on it, which execve(2) runs "
	  "too; a system that needs more disables user namespaces (user.max_user_namespaces = 0) or adds "
	  "an LSM such as Landlock" },
	{ "sysctl written by a user namespace's root (uid 0 mapped to 0)", t_userns_sysctl,
	  { 0, EPERM, EPERM, EPERM }, NULL, NULL,
	  "the namespace's root owns the 0600 file and opens it, but the write needs CAP_SYS_ADMIN in the "
	  "initial user namespace: EPERM, value unchanged" },
	{ "sysctl written by root without CAP_SYS_ADMIN", t_sysctl_nosysadmin, { 0, EPERM, EPERM, EPERM }, NULL, NULL,
	  "the file is 0600 root, so root opens it (CAP_DAC_OVERRIDE), but proc_dointvec_minmax_sysadmin "
	  "wants CAP_SYS_ADMIN: EPERM, value unchanged" },
	{ "sysctl written by uid 1000", t_sysctl_unpriv, { 0, E, E, E }, NULL, NULL,
	  "the sysctl file is mode 0600 root: open(2) for writing fails with EACCES, value unchanged" },
};

int main(int argc, char **argv)
{
	unsigned int i, n = 0, failed = 0;
	int saved, policy;

	if (argc == 2 && !strcmp(argv[1], "--exit0"))
		return 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	saved = read_policy();
	setup();
	printf("1..%zu\n", 3 * sizeof(attempts) / sizeof(attempts[0]));
	for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		const struct attempt *a = &attempts[i];

		for (policy = 1; policy <= 3; policy++) {
			int got;

			n++;
			if (a->skip) {
				printf("ok %u %s (policy %d) # SKIP %s\n", n, a->name, policy, a->skip);
				continue;
			}
			write_policy(policy);
			got = a->run();
			write_policy(saved);
			if (got == a->want[policy]) {
				printf("ok %u %s (policy %d)\n", n, a->name, policy);
			} else {
				printf("not ok %u %s (policy %d)\n", n, a->name, policy);
				failed++;
			}
			printf("# answer %s, expected %s\n", name_of(got), name_of(a->want[policy]));
			if (policy == 1)
				printf("# %s\n", a->why);
			if (policy == 1 && a->exec_fd)
				printf("# execveat(fd, \"\", AT_EMPTY_PATH) on the same fd: %s\n",
				       name_of(exec_answer(*a->exec_fd)));
		}
	}
	write_policy(saved);
	printf("# %u tests, %u failed; policy restored to %d\n", n, failed, read_policy());
	return failed ? 1 : 0;
}
