// SPDX-License-Identifier: GPL-2.0
/*
 * Print what trusted_for(2) answers, from real calls, for every value of
 * fs.trusted_for_policy and every kind of file descriptor: regular
 * files, directories, FIFOs and device nodes on an exec and on a noexec
 * tmpfs, with and without the execute bits, and descriptors that belong
 * to no visible mount (pipe, socket, memfd, nsfs).
 *
 * Run as root in a scratch guest: it mounts two tmpfs under /tmp and
 * changes the sysctl, which it restores before exiting.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/trusted-for.h>

#define DIE_STATUS 1
#include "common.h"

#define NR_POLICIES 4

static const char *const mounts[] = { "exec", "noexec" };
static const mode_t modes[] = { 0755, 0644 };

enum kind { REGULAR, DIRECTORY, FIFO, CHARDEV, BLOCKDEV, O_PATH_FD };

static const char *const kind_names[] = {
	[REGULAR] = "regular file",
	[DIRECTORY] = "directory",
	[FIFO] = "FIFO",
	[CHARDEV] = "char device",
	[BLOCKDEV] = "block device",
	[O_PATH_FD] = "O_PATH fd",
};

static const char *ask(int fd)
{
	static char buf[32];

	if (!syscall(__NR_trusted_for, fd, TRUSTED_FOR_EXECUTION, 0))
		return "0";
	switch (errno) {
	case EACCES:
		return "EACCES";
	case EBADF:
		return "EBADF";
	case EINVAL:
		return "EINVAL";
	case ENOSYS:
		return "ENOSYS";
	}
	snprintf(buf, sizeof(buf), "errno %d", errno);
	return buf;
}

/* Create a file of @kind at @path with @mode and open it. */
static int make_fd(enum kind kind, const char *path, mode_t mode)
{
	int fd;

	switch (kind) {
	case REGULAR:
	case O_PATH_FD:
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
		if (fd < 0 || write(fd, "#!/bin/sh\n", 10) != 10 || close(fd))
			die(path);
		break;
	case DIRECTORY:
		if (mkdir(path, 0700))
			die(path);
		break;
	case FIFO:
		if (mkfifo(path, 0600))
			die(path);
		break;
	case CHARDEV:
		if (mknod(path, S_IFCHR | 0600, makedev(1, 3)))
			die(path);
		break;
	case BLOCKDEV:
		if (mknod(path, S_IFBLK | 0600, makedev(7, 0)))
			die(path);
		break;
	}
	if (chmod(path, mode))
		die(path);
	fd = open(path, kind == O_PATH_FD ? O_PATH :
		  kind == FIFO ? O_RDWR : O_RDONLY);
	if (fd < 0)
		die(path);
	return fd;
}

static void print_row(const char *mount, const char *mode, const char *kind,
		      int fd)
{
	int policy;

	printf("%-7s %-5s %-24s", mount, mode, kind);
	for (policy = 0; policy < NR_POLICIES; policy++) {
		write_policy(policy);
		printf(policy < NR_POLICIES - 1 ? "  %-8s" : "  %s", ask(fd));
	}
	printf("\n");
}

int main(void)
{
	int saved = read_policy();
	unsigned int m, i;
	enum kind k;
	char path[256], mode[8];
	int fd, fds[2];

	printf("trusted_for(fd, TRUSTED_FOR_EXECUTION, 0) for each value of fs.trusted_for_policy\n");
	printf("(bit 0: refuse noexec mounts; bit 1: refuse files without execute permission)\n\n");
	printf("%-7s %-5s %-24s", "mount", "mode", "fd kind");
	for (i = 0; i < NR_POLICIES; i++)
		printf("  policy %u", i);
	printf("\n");

	for (m = 0; m < 2; m++) {
		snprintf(path, sizeof(path), "/tmp/table-%s", mounts[m]);
		if (mkdir(path, 0755) && errno != EEXIST)
			die(path);
		if (mount("tmpfs", path, "tmpfs", m ? MS_NOEXEC : 0, "mode=0755"))
			die(path);
		for (k = REGULAR; k <= O_PATH_FD; k++) {
			for (i = 0; i < 2; i++) {
				snprintf(path, sizeof(path), "/tmp/table-%s/%d-%o",
					 mounts[m], k, modes[i]);
				snprintf(mode, sizeof(mode), "%04o", modes[i]);
				fd = make_fd(k, path, modes[i]);
				print_row(mounts[m], mode, kind_names[k], fd);
				close(fd);
			}
		}
	}

	if (pipe(fds))
		die("pipe");
	print_row("-", "-", "pipe", fds[0]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	print_row("-", "-", "pipe via /proc/self/fd", fd);
	close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	print_row("-", "-", "unix socket", fd);
	close(fd);
	fd = memfd_create("table", 0);
	if (fd < 0)
		die("memfd_create");
	print_row("-", "-", "memfd", fd);
	close(fd);
	fd = open("/proc/self/ns/mnt", O_RDONLY);
	if (fd < 0)
		die("/proc/self/ns/mnt");
	print_row("-", "-", "nsfs (/proc/self/ns/mnt)", fd);
	close(fd);

	write_policy(saved);
	return 0;
}
