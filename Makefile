# SPDX-License-Identifier: GPL-2.0
# trusted_for(2): the patch series, and the loop that builds, boots and
# tests it.  See README.md.  BASE=6.1 and PROFILE=x86_64 by default.

SHELL := /bin/bash
S := scripts

# ARCH=arm64 on the command line is PROFILE=arm64.  It is kept from the
# scripts' environment and from sub-makes: they pass the kernel's own
# ARCH (riscv for the riscv64 profile) themselves.
ifeq ($(origin ARCH),command line)
export PROFILE := $(ARCH)
MAKEOVERRIDES := $(filter-out ARCH=%,$(MAKEOVERRIDES))
unexport ARCH
endif

# The QEMU profiles that check-arches runs: all but the default.
ARCHES := $(filter-out x86_64,$(basename $(notdir $(wildcard qemu_configs/*.conf))))

.PHONY: help run check test check-all check-arches tree export export-check checkpatch build build-each static syscalls guest bench bench-profile clean

help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))

## make run           build, boot, and print trusted_for's answers as a table
run:
	@bash $(S)/run.sh

## make check         build, boot, run every test and static check
check:
	@bash $(S)/check.sh

## make test          the loop: build, boot, every guest suite (make check without static checks)
test:
	@QUICK=1 bash $(S)/check.sh

## make check-all     make check on every base, the debug kernel and every QEMU profile
check-all:
	@bash $(S)/check-all.sh

## make check-arches  make check for every other profile in turn (arm64, riscv64)
check-arches:
	@bash $(S)/check-all.sh $(foreach p,$(ARCHES),BASE=$(or $(BASE),6.1),PROFILE=$(p))

## make tree          unpack the base and apply the series (build/BASE/linux)
tree:
	@bash $(S)/deps.sh >/dev/null
	@bash $(S)/tree.sh

## make export        write the tree's commits back to bases/BASE/series
export:
	@bash $(S)/export.sh

## make export-check  fail when the tree and the patch files differ
export-check:
	@bash $(S)/export-check.sh

## make checkpatch    checkpatch.pl --strict on every patch
checkpatch:
	@bash $(S)/checkpatch.sh

## make build         kernel, kselftests and initramfs, without booting
build: tree
	@bash $(S)/build.sh config
	@bash $(S)/build.sh kernel
	@bash $(S)/userspace.sh
	@bash $(S)/initramfs.sh >/dev/null

## make build-each    build the kernel at every commit of the series
build-each: build
	@bash $(S)/build-each.sh

## make static        apply, kernel-doc, sparse, W=1, uapi and Sphinx checks
static: build
	@bash $(S)/static.sh

## make syscalls      trusted_for's number in every arch's ABIs; checksyscalls.sh per cross compiler
syscalls: tree
	@bash $(S)/syscalls.sh

## make guest CMD='prog args'  run a program or script in the guest
guest:
	@test -n "$(CMD)" || { echo "usage: make guest CMD='program [args]'" >&2; exit 2; }
	@bash $(S)/guest.sh $(CMD)

## make bench         time trusted_for against getppid and fstat (TCG, and -icount)
bench: build
	@bash $(S)/bench.sh

## make bench-profile where one call's instructions go, function by function (gdb, TCG)
bench-profile: build
	@bash $(S)/bench.sh profile

## make clean         remove the build objects (keeps the tree and its work)
clean:
	rm -rf build/*/obj-*
