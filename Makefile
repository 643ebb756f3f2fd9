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

.PHONY: help run check test check-all check-arches tree export fixup export-check checkpatch build build-each static syscalls matrix guest bench bench-shells bench-profile clean distclean

help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))
	@echo
	@echo "Variables (make VAR=VALUE target, or the environment); defaults in ()."
	@sed -n 's/^#: //p' $(firstword $(MAKEFILE_LIST))

# The variables that the scripts read, each with its default: the one
# table of them (make help prints it).
#: BASE=6.1              the series: bases/BASE (6.1, 6.12)
#: PROFILE=x86_64        the QEMU profile: qemu_configs/PROFILE.conf (or ARCH=)
#: VARIANT=              a kernel variant, configs/variants/VARIANT.conf: debug, distro, kcsan
#: DEBUG=0               1: the same as VARIANT=debug
#: POSTING=0             1: make check also runs warnings, build-each, backport-only and syscalls;
#:                       only: make check runs those four alone, on the kernel it builds (make check-all)
#: C=                    make fixup: the commit of the patch that owns the tree's uncommitted changes
#: T=                    make test/check: only what T names, in one boot a suite (comma-separated globs):
#:                       a guest suite (cpython, harden, distro...), or kselftest programs
#:                       TARGET/PROGRAM[:FIXTURE.VARIANT.TEST] (interpreter/trusted_for_test)
#: MATRIX=0              1: make check runs the build matrix alone (make check-all: per base)
#: MATRIX_W1=series      the build matrix's W=1 objects: the series' own (all: every object)
#: BUILD_ROOT=./build    where trees, objects and logs go
#: JOBS=(CPUs)           parallel make jobs of a kernel build
#: GUEST_CPUS=1          the guest's CPUs (the variant's: 2 for debug and kcsan)
#: GUEST_JOBS=(CPUs/GUEST_CPUS)  guest suites run at once by make check
#: GUEST_TIMEOUT=600     scripts/vm/guest.sh's time limit, seconds
#: TEST_TIMEOUT=1200     the kselftests guest's time limit, seconds
#: USE_KVM=0             1: QEMU with KVM (never chosen by itself)
#: QEMU_EXTRA=           more QEMU options; KERNEL_EXTRA= more kernel options
#: CHECK_ALL_BUDGET=     make check-all starts only the runs that would end within this many seconds
#: CPYTHON_RUNS=10       startup benchmark runs (2 in make test)
#: CPYTHON_TIMEOUT=300   the CPython guest's time limit, seconds
#: TF_CPYTHON_LAUNCHER=tf-python  or tf-python-nocheck, to see refusals fail
#: PYTHON_CONFIG=/usr/bin/python3-config  the CPython the launcher links
#: HARDEN_SECONDS=10     the stress run (3 in make test)
#: HARDEN_FUZZ_CALLS=2000000  the long fuzz run's calls
#: HARDEN_FUZZ_SEED=(random)  replay a fuzz run
#: HARDEN_TIMEOUT=(SECONDS+300)  the hardening guest's time limit
#: SYSCALLS_CROSS=1      0: scripts/checks/syscalls.sh skips checksyscalls
#: SYSCALLS_CROSS_NAMES= only these checksyscalls kernels (e.g. "mips arm64")
#: SYSCALLS_NO_INSTALL=0 1: install no cross compiler
#: TRUSTED_FOR_CACHE=~/.cache/trusted-for  the cache root: ccache, busybox, results (scripts/lib/cache.sh)
#: CCACHE_DEPEND=1       ccache's depend mode (0: its preprocessor mode, slower on a miss)
#: APT_UPDATE_TRIES=3    apt-get update tries before going on
#: APT_RETRY_SLEEP=5     seconds between them
#: BENCH_PROG=           another build of the benchmark program
#: WITHOUT=              make bench, bench-shells: also the kernel without patch N, row by row
#: MANPAGE=man/trusted_for.2  EXPECT=man/example-test.sh  the man page checks' inputs
#: TOOLING_KILL_AFTER=3, TOOLING_HANG_TIMEOUT=15  tooling-test.sh's killed build and hung guest (seconds)

## make run           build, boot, and print trusted_for's answers as a table
run: step-initramfs
	@bash $(S)/run.sh

## make check         the gate for every change: build, boot, every guest suite and host check
check:
	@bash $(S)/check.sh

## make test          the loop: build, boot, every guest suite (make check without static checks)
test:
	@QUICK=1 bash $(S)/check.sh

## make check-all     make check on every base, every kernel variant and every QEMU profile
check-all:
	@bash $(S)/check-all.sh

## make check-arches  make check for every other profile in turn (arm64, riscv64)
check-arches:
	@bash $(S)/check-all.sh $(foreach p,$(ARCHES),BASE=$(or $(BASE),6.1),PROFILE=$(p))

## make tree          unpack the base and apply the series (build/BASE/linux)
tree: step-apply

## make export        write the tree's commits back to bases/BASE/series
export:
	@bash $(S)/series/export.sh

## make fixup C=SHA   fold the tree's uncommitted changes into patch SHA, writing no file
fixup:
	@bash $(S)/series/fixup.sh

## make export-check  fail when the tree and the patch files differ
export-check:
	@bash $(S)/series/export-check.sh

## make checkpatch    checkpatch.pl --strict on every patch
checkpatch:
	@bash $(S)/checks/checkpatch.sh

## make build         kernel, kselftests and initramfs, without booting
build: step-initramfs

# The graph of steps (scripts/check-step.sh NAME runs one; make check
# and make test run it through scripts/check.sh, with make -j), drawn
# so that the two CPUs of a small machine stay busy:
#
#   install - unpack - apply - configure - headers -+- build -----+- initramfs - boot
#                        |                  |       +- userspace -+                |
#                        |                  +- static               tests cpython shells harden
#                        +- apt checkpatch manpage series-sync       manpage-run distro
#                           export-check (beside the build)                 (at once)
#                                                                               console
#   tooling (after all of the above: it rebuilds the kernel and boots guests)
#   - warnings - build-each - backport-only - syscalls (POSTING=1 only)
#
#   install - ... - initramfs - warnings - build-each - backport-only -
#   syscalls (POSTING=only: this graph instead, the suites and host checks
#   left out; make check-all runs it after the same base's make check)
#
# The kernel image and the guest programs build at once (the programs
# need only the uapi headers); the checks that read only the tree and
# the patch files run beside the build.  Each suite and check writes its
# KTAP log for the tally.
PREPARE_STEPS := install unpack apply configure headers build userspace initramfs boot
GUEST_STEPS := tests cpython shells harden manpage-run distro
# scripts/check-step.sh reads it for T= (the guest suites it may leave out).
export GUEST_STEPS
SOURCE_STEPS := apt checkpatch manpage doc-errors series-sync export-check
HOST_STEPS := tooling apt checkpatch static manpage doc-errors series-sync export-check
POSTING_STEPS := warnings build-each backport-only syscalls
# The build matrix (scripts/checks/matrix.sh) is a graph of its own,
# make check MATRIX=1, which needs only the tree: cold, it costs as much
# as a whole make check POSTING=1, so make check-all runs it as a run of
# its own, which its time budget can leave for later.
ALL_STEPS := $(PREPARE_STEPS) $(GUEST_STEPS) console $(HOST_STEPS) $(POSTING_STEPS) matrix
STEP := bash $(S)/check-step.sh
.PHONY: graph-test graph-check graph-matrix steps $(ALL_STEPS:%=step-%)

# chain A B C...: each step after the one before it.
chain = $(if $(word 2,$(1)),$(eval step-$(word 2,$(1)): step-$(word 1,$(1)))$(call chain,$(wordlist 2,$(words $(1)),$(1))))
$(call chain,install unpack apply configure headers)
step-build step-userspace step-static: step-headers
step-initramfs: step-build step-userspace
step-boot: step-initramfs
$(SOURCE_STEPS:%=step-%): step-apply
$(GUEST_STEPS:%=step-%): step-boot
step-console: $(GUEST_STEPS:%=step-%)
step-tooling: step-console step-static $(SOURCE_STEPS:%=step-%)
ifeq ($(POSTING),only)
step-$(firstword $(POSTING_STEPS)): step-initramfs
else
step-$(firstword $(POSTING_STEPS)): step-tooling
endif
$(call chain,$(POSTING_STEPS))

$(ALL_STEPS:%=step-%): step-%:
	@$(STEP) $*

graph-test: step-console
graph-check: step-$(lastword $(POSTING_STEPS))
step-matrix: step-apply
graph-matrix: step-matrix

# The suites and checks, in the order of the tally.
steps:
	@echo $(GUEST_STEPS) console $(HOST_STEPS) $(POSTING_STEPS) matrix

## make build-each    build the kernel at every commit of the series
build-each: build
	@bash $(S)/build/build-each.sh

## make static        apply, kernel-doc, uapi, example; then sparse, W=1 and Sphinx
static: build
	@bash $(S)/checks/static-analysis.sh source
	@bash $(S)/checks/static-analysis.sh build

## make syscalls      trusted_for's number in every arch's ABIs; checksyscalls.sh per cross compiler
syscalls: tree
	@bash $(S)/checks/syscalls.sh

## make matrix        the 0-day bot's builds: tinyconfig, allnoconfig, defconfig, Debian's configurations
matrix: tree
	@bash $(S)/checks/matrix.sh

## make guest CMD='prog args'  run a program or script in the guest; no CMD: a shell in it
guest:
	@if [ -n "$(CMD)" ]; then bash $(S)/vm/guest.sh -b $(CMD); else bash $(S)/vm/guest.sh -b -i sh; fi

## make bench         time trusted_for against getppid and fstat (TCG, and -icount)
bench: build
	@bash $(S)/bench/bench.sh

## make bench-shells  what the shells' checks cost: 1000 sourced files and a script, patched against not (-icount)
bench-shells: build
	@bash $(S)/bench/bench-shells.sh

## make bench-profile where one call's instructions go, function by function (gdb, TCG)
bench-profile: build
	@bash $(S)/bench/bench.sh profile

## make clean         remove the build objects (keeps the tree and its work)
clean:
	rm -rf build/*-*/obj build/*-*/obj-each build/*-*/docs build/*-*/state build/*/obj-*

## make distclean     remove build/ and ~/.cache/trusted-for (refused while a tree holds unexported work)
distclean:
	@bash $(S)/setup/distclean.sh
