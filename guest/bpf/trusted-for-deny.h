/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the BPF LSM program trusted-for-deny.bpf.c and the test that loads
 * it, trusted-for-bpf-lsm.c, share: the maps' keys and values.
 */
#ifndef TRUSTED_FOR_DENY_H
#define TRUSTED_FOR_DENY_H

/*
 * A file, as the kernel names it: its superblock's device (the kernel's
 * dev_t, MAJOR << 20 | MINOR, not stat(2)'s encoding) and its inode number.
 */
struct tf_file_key {
	__u64 ino;
	__u32 dev;
	__u32 pad;
};

/* What the program saw: how many calls, and the last one's arguments. */
struct tf_seen {
	__u64 calls;
	__s32 last_usage;
	__u32 last_policy;
	__s32 last_ret;
	__u32 pad;
};

#endif /* TRUSTED_FOR_DENY_H */
