// SPDX-License-Identifier: GPL-2.0
/*
 * A BPF LSM program on the file_trusted_for hook, as a distribution or an
 * administrator would write one: trusted_for(2) is refused, with the error
 * that the map "denied" names (EPERM, ENOKEY, else EACCES), for the files that user space put in that
 * map, and every other file is left to the rest of the policy.  The map
 * "seen" counts the calls and keeps the last call's usage and policy (the
 * fs.trusted_for_policy value the request was checked against), so that a test
 * can tell what the hook passed and whether the program ran at all.
 *
 * The kernel's types are declared here with only the fields used, and
 * relocated by libbpf against the running kernel's BTF when the program
 * loads (CO-RE): the program builds without the kernel's vmlinux.h.
 */
#include <asm-generic/errno.h>
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trusted-for-deny.h"

struct super_block {
	__u32 s_dev;
} __attribute__((preserve_access_index));

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct tf_file_key);
	__type(value, __s32);
} denied SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tf_seen);
} seen SEC(".maps");

SEC("lsm/file_trusted_for")
int BPF_PROG(trusted_for_deny, struct file *file, int usage,
	     unsigned int policy, int ret)
{
	struct tf_file_key key = {};
	struct tf_seen *s;
	__u32 zero = 0;
	__s32 *err;

	s = bpf_map_lookup_elem(&seen, &zero);
	if (s) {
		__sync_fetch_and_add(&s->calls, 1);
		s->last_usage = usage;
		s->last_policy = policy;
		s->last_ret = ret;
	}
	/* An earlier BPF program's refusal stands. */
	if (ret)
		return ret;
	key.ino = BPF_CORE_READ(file, f_inode, i_ino);
	key.dev = BPF_CORE_READ(file, f_inode, i_sb, s_dev);
	err = bpf_map_lookup_elem(&denied, &key);
	if (!err)
		return 0;
	/*
	 * An LSM program returns 0 or a negative errno, and the 6.12 base's
	 * verifier refuses to load one that it cannot prove does (6.1's does
	 * not check): the errors are constants, chosen by the map's value.
	 */
	switch (*err) {
	case EPERM:
		return -EPERM;
	case ENOKEY:
		return -ENOKEY;
	default:
		return -EACCES;
	}
}

char LICENSE[] SEC("license") = "GPL";
