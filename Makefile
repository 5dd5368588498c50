# ringlet's build.  `make` builds the kernel and a bootable GRUB ISO;
# `make run` boots it in QEMU and runs the self-tests; `make test` runs
# everything CI checks.  See README.md.
#
#   V=1            show the commands
#   CPUS=N         CPUs for `make run` (default 4; `make compare-linux`: 2)
#   CMDLINE="..."  kernel command line for `make run`/`make gdb`
#   QEMU_EXTRA=... more QEMU arguments
#   PROG=path ARGS="..."  the program `make exec` boots as init, and its arguments
#   BENCH=1        `make compare-linux`: the benchmark instead of the suite (docs/perf.md)
#   LAB=name       the lab `make grade` grades (default: conf/lab.mk's, on a lab branch)
#   GRADEFLAGS=... the grader's arguments: title words to rerun some tests, --results F
#   CROSS_COMPILE=prefix  an x86_64 toolchain's prefix (picked by itself on non-x86_64 hosts)

V ?= 0
Q := $(if $(filter 1,$(V)),,@)
CPUS ?= 4
MEM ?= 256M
CMDLINE ?=
QEMU_EXTRA ?=
BUILD ?= build
# A lab branch names its lab here (scripts/mklab.py writes it; labs/README.md).
-include conf/lab.mk

# Every compiler, linker and binutils call goes through this prefix, as 6.1810's Makefile
# finds a RISC-V toolchain: on an arm64 laptop Debian's gcc-x86-64-linux-gnu and
# binutils-x86-64-linux-gnu build the same kernel (docs/teaching.md).  `make test` proves no
# rule calls a bare tool (tests/cross_check.sh).
ifeq ($(origin CROSS_COMPILE),undefined)
CROSS_COMPILE := $(if $(filter x86_64,$(shell uname -m)),,x86_64-linux-gnu-)
endif
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
NM := $(CROSS_COMPILE)nm
export NM
CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mcmodel=kernel -fno-pic -fno-pie -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fcf-protection=none -fno-toplevel-reorder -fno-optimize-sibling-calls -mno-omit-leaf-frame-pointer -fno-shrink-wrap \
	-Wall -Wextra -Werror -Iinclude -Iarch/x86_64/include -MMD -MP
LDFLAGS := -nostdlib -static -T linker.ld -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments

# Every source under the kernel's rooms (docs/layout.md); sorted so the link order is stable.
SRCS := $(sort $(shell find arch/x86_64 kernel lib -name '*.c' -o -name '*.S'))
OBJS := $(SRCS:%=$(BUILD)/%.o)
KERNEL := $(BUILD)/ringlet.elf
ISO := $(BUILD)/ringlet.iso
# The initramfs GRUB loads next to the kernel: user/rootfs as a cpio archive,
# plus the user programs: /init, /bin/<program>, /bin/tests/<test>, and /tmp.
INITRAMFS := $(BUILD)/initramfs.cpio

# The first rule would otherwise be the default goal; `make` builds everything.
.DEFAULT_GOAL := all

# User programs (user/README.md): static Linux binaries built against musl,
# never a libc of our own.  The same binaries run on this host's Linux
# (make user-host-test) and on ringlet.
# musl-gcc is gcc with musl's specs file; naming both keeps the toolchain prefix in charge.
MUSL_SPECS := /usr/lib/x86_64-linux-musl/musl-gcc.specs
USER_CC := $(CC) -specs $(MUSL_SPECS)
USER_CFLAGS := -static -O2 -Wall -Wextra -Werror
USER_BIN := $(patsubst user/bin/%.c,$(BUILD)/user/bin/%,$(sort $(wildcard user/bin/*.c)))
USER_TESTS := $(patsubst user/tests/%.c,$(BUILD)/user/tests/%,$(sort $(wildcard user/tests/*.c)))
USER_PROGS := $(BUILD)/user/init $(USER_BIN) $(USER_TESTS)
# user/tests/glibc_*.c: the suite's glibc-static programs, built with gcc -static instead.
USER_GLIBC_TESTS := $(filter $(BUILD)/user/tests/glibc_%,$(USER_TESTS))
$(USER_GLIBC_TESTS): USER_CC := $(CC)
# user/tests/uring_*.c link Debian's liburing.a (liburing-dev), never a liburing of our own.
# musl's headers lack the kernel's, so musl-gcc reads them with -idirafter from a directory
# of symlinks to the host's: linux/, asm-generic/, asm/ and liburing's own.
LIBURING_A := /usr/lib/x86_64-linux-gnu/liburing.a
URING_INC := $(BUILD)/user/uring-include
# So do user/bin/uc*.c, lab uring_app's programs (ucat, ucp).
USER_URING_TESTS := $(filter $(BUILD)/user/tests/uring_% $(BUILD)/user/bin/uc%,$(USER_PROGS))
$(USER_URING_TESTS): USER_CFLAGS += -idirafter $(URING_INC)
$(USER_URING_TESTS): USER_LIBS := $(LIBURING_A)
$(USER_URING_TESTS): $(URING_INC)/.stamp
# user/tests/glibc_uring*.c: the same library through gcc -static, the glibc path.
$(filter $(BUILD)/user/tests/glibc_uring%,$(USER_TESTS)): USER_LIBS := $(LIBURING_A)
# /dev's nodes and /proc as ringlet makes them (kernel/fs/devices.c, proc.c), so the same
# archive boots Linux (make compare-linux): there they are what gives init a console.
# /bin/seed holds the seed's teardown test alone, for a boot whose init runs only that
# directory (tests/suite.py's user-seed-delay).  /bin/uring_app likewise holds lab uring_app's
# test alone (labs/uring_app/grade.py boots init on it with syscall_stats).
USER_CPIO_ARGS := --dir tmp=1777 --dir proc=555 --chardev dev/console=5:1:666 \
	--chardev dev/tty=5:0:666 --chardev dev/null=1:3:666 --chardev dev/zero=1:5:666 \
	--add init=$(BUILD)/user/init \
	$(foreach p,$(USER_BIN),--add bin/$(notdir $(p))=$(p)) \
	$(foreach p,$(USER_TESTS),--add bin/tests/$(notdir $(p))=$(p)) \
	--add bin/seed/uring_seed_teardown=$(BUILD)/user/tests/uring_seed_teardown \
	--add bin/uring_app/uring_app=$(BUILD)/user/tests/uring_app
# Debian's busybox-static, unmodified, for `make shell`.
BUSYBOX := $(BUILD)/busybox/busybox

QEMU := qemu-system-x86_64 -accel tcg -cpu max -m $(MEM) -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04

.PHONY: all run test bench test-bigsmp gdb clean deps tools unit check model torture fuzz \
	user user-host-test shell exec shell-test compare-linux insn-count grade staff-check cross-check \
	print-gdbport handin
all: $(ISO)

$(BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# Two-pass link, as Linux does for kallsyms: link once with an empty
# symbol table, generate the table from that image, link again with it.
# The table sits after .text, so no function moves; the cmp proves it.
$(BUILD)/kallsyms0.S: scripts/kallsyms.py
	@mkdir -p $(BUILD)
	$(Q)python3 scripts/kallsyms.py > $@

$(BUILD)/ringlet.0.elf: $(OBJS) $(BUILD)/kallsyms0.S.o linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/kallsyms0.S.o

$(BUILD)/kallsyms1.S: $(BUILD)/ringlet.0.elf scripts/kallsyms.py
	$(Q)python3 scripts/kallsyms.py $< > $@

$(KERNEL): $(OBJS) $(BUILD)/kallsyms1.S.o linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(OBJS) $(BUILD)/kallsyms1.S.o
	$(Q)python3 scripts/kallsyms.py $(BUILD)/ringlet.0.elf | grep -v '^\.Lname' > $@.syms0
	$(Q)python3 scripts/kallsyms.py $@ | grep -v '^\.Lname' > $@.syms1
	$(Q)cmp -s $@.syms0 $@.syms1 || { echo "kallsyms: functions moved between link passes" >&2; rm -f $@; exit 1; }

$(BUILD)/kallsyms%.S.o: $(BUILD)/kallsyms%.S
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/user/%: user/%.c $(wildcard user/tests/*.h) | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  $(if $(filter $(MUSL_SPECS),$(USER_CC)),MUSLCC,GLIBCC)  $<")
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $< $(USER_LIBS)

$(URING_INC)/.stamp: | deps
	@mkdir -p $(URING_INC)
	$(Q)for d in linux asm-generic liburing liburing.h; do ln -sfn /usr/include/$$d $(URING_INC)/$$d; done
	$(Q)ln -sfn /usr/include/x86_64-linux-gnu/asm $(URING_INC)/asm
	@touch $@

user: $(USER_PROGS)

# user/bench/X.c: benchmarks, not tests (`make compare-linux BENCH=1`, docs/perf.md), static
# musl programs linked with Debian's unmodified liburing.a (package liburing-dev).  musl's
# headers lack Linux's uapi ones that liburing.h includes: they come from a directory of
# symlinks into /usr/include, searched after musl's own (-idirafter), so nothing of glibc's
# headers replaces musl's.  The bench archive is the initramfs plus /bin/bench/X.
BENCH_LIBURING := /usr/lib/x86_64-linux-gnu/liburing.a
BENCH_INCLUDE := $(BUILD)/user/bench-include
USER_BENCH := $(patsubst user/bench/%.c,$(BUILD)/user/bench/%,$(sort $(wildcard user/bench/*.c)))
BENCH_INITRAMFS := $(BUILD)/bench.cpio

$(BENCH_INCLUDE)/.stamp:
	$(Q)mkdir -p $(BENCH_INCLUDE)
	$(Q)for h in linux asm-generic liburing liburing.h; do \
		ln -sfn /usr/include/$$h $(BENCH_INCLUDE)/$$h; done
	$(Q)ln -sfn /usr/include/x86_64-linux-gnu/asm $(BENCH_INCLUDE)/asm
	$(Q)touch $@

$(BUILD)/user/bench/%: user/bench/%.c $(BENCH_LIBURING) $(BENCH_INCLUDE)/.stamp | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $<")
	$(Q)$(USER_CC) $(USER_CFLAGS) -idirafter $(BENCH_INCLUDE) -o $@ $< $(BENCH_LIBURING)

$(BENCH_INITRAMFS): $(INITRAMFS) $(USER_BENCH)
	@$(if $(Q),echo "  CPIO    $@")
	$(Q)python3 scripts/mkcpio.py user/rootfs $@ $(USER_CPIO_ARGS) \
		$(foreach p,$(USER_BENCH),--add bin/bench/$(notdir $(p))=$(p))

# user/insn/X.c: programs that `make insn-count` single-steps on both kernels
# (tests/insn_count.py, docs/perf.md), built as the benchmarks are.  Their archive is the
# initramfs plus /bin/insn/X, booted with init running only that directory.
USER_INSN := $(patsubst user/insn/%.c,$(BUILD)/user/insn/%,$(sort $(wildcard user/insn/*.c)))
INSN_INITRAMFS := $(BUILD)/insn.cpio

$(BUILD)/user/insn/%: user/insn/%.c $(BENCH_LIBURING) $(BENCH_INCLUDE)/.stamp | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $<")
	$(Q)$(USER_CC) $(USER_CFLAGS) -idirafter $(BENCH_INCLUDE) -o $@ $< $(BENCH_LIBURING)

$(INSN_INITRAMFS): $(INITRAMFS) $(USER_INSN)
	@$(if $(Q),echo "  CPIO    $@")
	$(Q)python3 scripts/mkcpio.py user/rootfs $@ $(USER_CPIO_ARGS) \
		$(foreach p,$(USER_INSN),--add bin/insn/$(notdir $(p))=$(p))

# user/examples/hello.c against both C libraries, for `make exec` (tests/exec_check.py).
HELLO := $(BUILD)/user/hello-musl $(BUILD)/user/hello-glibc
$(BUILD)/user/hello-musl: user/examples/hello.c | deps
	@mkdir -p $(dir $@)
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<
$(BUILD)/user/hello-glibc: user/examples/hello.c | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -o $@ $<

# Rebuilt when anything under user/rootfs or a program changes; the
# directories are listed too, so a file removed (its directory's mtime
# moves) rebuilds it as well, and the stamp follows the list of programs.
$(BUILD)/initramfs.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(USER_CPIO_ARGS)' | cmp -s - $@ || echo '$(USER_CPIO_ARGS)' > $@

$(INITRAMFS): scripts/mkcpio.py $(shell find user/rootfs) $(USER_PROGS) $(BUILD)/initramfs.stamp
	@mkdir -p $(BUILD)
	@$(if $(Q),echo "  CPIO    $@")
	$(Q)python3 scripts/mkcpio.py user/rootfs $@ $(USER_CPIO_ARGS)

# The ISO bakes in the command line; the stamp makes it follow CMDLINE.
$(BUILD)/cmdline.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(ISO): $(KERNEL) $(INITRAMFS) $(BUILD)/cmdline.stamp scripts/mkiso.sh | deps
	@$(if $(Q),echo "  ISO     $@")
	$(Q)scripts/mkiso.sh $(KERNEL) "$(CMDLINE)" $@ $(INITRAMFS)

deps:
	$(Q)scripts/deps.sh

tools:
	$(Q)scripts/deps.sh --tools

run: $(ISO)
	$(QEMU) -smp $(CPUS) -cdrom $(ISO) -serial mon:stdio $(QEMU_EXTRA); \
	status=$$?; [ $$status -eq 33 ] && echo "ringlet: all self-tests passed (QEMU status 33)" || \
	{ echo "ringlet: self-tests FAILED (QEMU status $$status)"; exit 1; }

unit:
	$(Q)python3 -m unittest discover -s tests -p 'test_*.py'
	$(Q)python3 -m unittest discover -s labs/staff/seed_hunt -p 'test_*.py'

# Every user test binary run on this host's Linux, and init running them all:
# the same exit codes ringlet must give (tests/user_host.py).
user-host-test: $(USER_PROGS)
	$(Q)python3 tests/user_host.py --dir $(BUILD)/user

# Debian's busybox-static package, downloaded once and cached under build/.
$(BUSYBOX): | deps
	$(Q)rm -rf $(BUILD)/busybox.tmp && mkdir -p $(BUILD)/busybox.tmp $(dir $@)
	$(Q)cd $(BUILD)/busybox.tmp && { apt-get download busybox-static >/dev/null 2>&1 || \
		{ apt-get update -qq >/dev/null && apt-get download busybox-static >/dev/null; }; }
	$(Q)dpkg-deb -x $(BUILD)/busybox.tmp/busybox-static_*.deb $(BUILD)/busybox.tmp/root
	$(Q)cp $(BUILD)/busybox.tmp/root/bin/busybox $@.tmp && mv $@.tmp $@ && rm -rf $(BUILD)/busybox.tmp

# A shell: the initramfs plus busybox at /bin/busybox and a symlink to it for
# each applet our own programs do not provide, booted as init without the
# self-tests.  `exit` powers QEMU off:  printf 'echo hi\nls /\nexit\n' | make shell
shell: $(KERNEL) $(USER_PROGS) $(BUSYBOX) scripts/mkcpio.py | deps
	$(Q)python3 scripts/mkcpio.py user/rootfs $(BUILD)/shell.cpio $(USER_CPIO_ARGS) \
		--add bin/busybox=$(BUSYBOX) $$(for a in $$($(BUSYBOX) --list); do \
		[ -e user/bin/$$a.c ] || [ $$a = busybox ] || echo --symlink bin/$$a=busybox; done)
	$(Q)scripts/mkiso.sh $(KERNEL) "ktest=0 init=/bin/sh" $(BUILD)/shell.iso $(BUILD)/shell.cpio
	$(Q)python3 scripts/boot_init.py -- $(QEMU) -smp $(CPUS) -cdrom $(BUILD)/shell.iso \
		-serial mon:stdio $(QEMU_EXTRA)

# One program as init:  make exec PROG=path [ARGS="..."]; exits with its status.
exec: $(KERNEL) $(USER_PROGS) scripts/mkcpio.py | deps
	$(Q)[ -f "$(PROG)" ] || { echo "usage: make exec PROG=path [ARGS=\"...\"]" >&2; exit 2; }
	$(Q)python3 scripts/mkcpio.py user/rootfs $(BUILD)/exec.cpio $(USER_CPIO_ARGS) \
		--add bin/$(notdir $(PROG))=$(PROG)
	$(Q)scripts/mkiso.sh $(KERNEL) "ktest=0 init=/bin/$(notdir $(PROG))$(if $(ARGS), -- $(ARGS))" \
		$(BUILD)/exec.iso $(BUILD)/exec.cpio
	$(Q)python3 scripts/boot_init.py -- $(QEMU) -smp $(CPUS) -cdrom $(BUILD)/exec.iso \
		-serial mon:stdio $(QEMU_EXTRA)

# Static analysis: cppcheck, clang-tidy, clang-format on changed lines (docs/static-analysis.md).
check: tools
	$(Q)scripts/static-check.sh

# The percpu_ref protocol model (tests/model/README.md): spin must verify the
# release-signalled teardown and refute the seed's hook-signalled one.
model: tools
	$(Q)tests/model/run.sh

test: deps $(KERNEL) $(INITRAMFS) $(USER_BENCH) $(USER_INSN) unit check model user-host-test \
	shell-test compare-linux cross-check staff-check
	$(Q)python3 tests/suite.py --kernel $(KERNEL) --logdir $(BUILD)/logs

# The user suite on Debian's Linux 6.1 and on ringlet, same initramfs and QEMU flags, compared
# line by line (docs/compare-linux.md).  CPUS defaults to 2 here.  BENCH=1 instead boots each
# kernel 3 times at -smp 1, 2 and 4 (or CPUS) with init running only /bin/bench and writes
# docs/perf.md (4 to 5 minutes; not part of `make test`).
ifeq ($(BENCH),1)
compare-linux: deps $(KERNEL) $(BENCH_INITRAMFS)
	$(Q)version=$$(scripts/fetch_linux.sh $(BUILD)/linux) && \
	python3 tests/compare_linux.py --bench --kernel $(KERNEL) --initramfs $(BENCH_INITRAMFS) \
		--linux $(BUILD)/linux/vmlinuz-$$version --logdir $(BUILD)/logs \
		$(if $(filter command line environment,$(origin CPUS)),--smp $(CPUS)) --perf docs/perf.md
else
compare-linux: deps $(KERNEL) $(INITRAMFS)
	$(Q)version=$$(scripts/fetch_linux.sh $(BUILD)/linux) && \
	python3 tests/compare_linux.py --kernel $(KERNEL) --initramfs $(INITRAMFS) \
		--linux $(BUILD)/linux/vmlinuz-$$version --logdir $(BUILD)/logs \
		--cpus $(if $(filter command line environment,$(origin CPUS)),$(CPUS),2)
endif

# The kernel's instructions for one io_uring_enter of 32 NOPs (user/insn/nop32.c), counted by
# single-stepping it under QEMU's gdb stub on Debian's Linux 6.1 and on ringlet, -smp 1;
# ringlet's by function.  Deterministic where timing is not (docs/perf.md); about 1 minute.
insn-count: deps $(KERNEL) $(INSN_INITRAMFS)
	$(Q)scripts/deps.sh --gdb
	$(Q)version=$$(scripts/fetch_linux.sh $(BUILD)/linux) && \
	python3 tests/insn_count.py --kernel $(KERNEL) --initramfs $(INSN_INITRAMFS) \
		--linux $(BUILD)/linux/vmlinuz-$$version --program $(BUILD)/user/insn/nop32 \
		--logdir $(BUILD)/logs

# One scripted `make shell` session and `make exec` of both hellos, checked line by line.
shell-test: $(HELLO) | deps
	$(Q)python3 tests/shell_check.py --make '$(MAKE)' --cpus 2
	$(Q)python3 tests/exec_check.py --make '$(MAKE)' --cpus 2 $(HELLO)

# One long boot of the io_uring torture test or SQE fuzzer, with a summary
# (tests/stress.py); CMDLINE adds kernel options, RNG_SEED replays a run:
#   make torture [DURATION=60] [OPS=N] [CPUS=4] [RNG_SEED=N]   (first limit reached ends it)
#   make fuzz [INPUTS=100000] [CPUS=4] [RNG_SEED=N]
torture: deps $(KERNEL) $(INITRAMFS)
	$(Q)python3 tests/stress.py torture --kernel $(KERNEL) --cpus $(CPUS) \
		$(if $(DURATION),--duration $(DURATION)) $(if $(OPS),--ops $(OPS)) \
		$(if $(RNG_SEED),--rng-seed $(RNG_SEED)) \
		--cmdline "$(CMDLINE)" --logdir $(BUILD)/logs

fuzz: deps $(KERNEL) $(INITRAMFS)
	$(Q)python3 tests/stress.py fuzz --kernel $(KERNEL) --cpus $(CPUS) \
		--inputs $(or $(INPUTS),100000) $(if $(RNG_SEED),--rng-seed $(RNG_SEED)) \
		--cmdline "$(CMDLINE)" --logdir $(BUILD)/logs

# Benchmarks, not tests: machine-readable BENCH/RATIO lines at -smp 1,2,4.
bench: deps $(KERNEL) $(INITRAMFS)
	$(Q)python3 tests/bench.py --kernel $(KERNEL) --logdir $(BUILD)/logs

# The whole suite at 16, 32 and 64 CPUs (slow under TCG on a 2-core host).
test-bigsmp: deps $(ISO)
	$(Q)python3 tests/run.py --iso $(ISO) --smp 16,32,64 --timeout 1800 --logdir $(BUILD)/logs

# QEMU halted with a gdb stub on a port of this user's own (6.1810's formula, so students
# sharing a machine do not collide); in another terminal run `gdb` from the project root:
# .gdbinit, made from .gdbinit.tmpl with that port, loads the symbols and connects.
GDBPORT := $(shell expr `id -u` % 5000 + 25000)
.gdbinit: .gdbinit.tmpl
	$(Q)sed "s/:GDBPORT/:$(GDBPORT)/" $< > $@

print-gdbport:
	@echo $(GDBPORT)

gdb: $(ISO) .gdbinit
	@echo "ringlet: gdb stub on port $(GDBPORT); run gdb from the project root in another terminal"
	$(QEMU) -smp $(CPUS) -cdrom $(ISO) -serial mon:stdio -gdb tcp::$(GDBPORT) -S $(QEMU_EXTRA)

# A lab's grader (labs/README.md): make grade LAB=rcu [GRADEFLAGS="title words"].  On a lab
# branch conf/lab.mk names the lab.  Boots and logs: build/grade/<lab>/.
grade: deps $(KERNEL) $(INITRAMFS)
	$(Q)[ -n "$(LAB)" ] && [ -f labs/$(LAB)/grade.py ] || { echo "usage: make grade LAB=name" \
		"(labs: $$(cd labs && ls */grade.py | cut -d/ -f1 | tr '\n' ' '))" >&2; exit 2; }
	$(Q)python3 labs/$(LAB)/grade.py $(GRADEFLAGS)

# A student's hand-in: the committed tree (never uncommitted edits) as one archive, with a
# warning when the answers file is missing or files are left untracked.
handin:
	$(Q)[ -n "$(LAB)" ] || { echo "usage: make handin LAB=name (a lab branch sets it)" >&2; exit 2; }
	$(Q)git diff --quiet && git diff --cached --quiet || \
		{ echo "handin: commit your changes first (git status)" >&2; exit 1; }
	$(Q)[ -f answers-$(LAB).txt ] || echo "handin: warning: no answers-$(LAB).txt" >&2
	$(Q)[ -z "$$(git ls-files --others --exclude-standard)" ] || \
		echo "handin: warning: untracked files are not handed in: $$(git ls-files --others \
		--exclude-standard | head -5 | tr '\n' ' ')" >&2
	$(Q)git archive --format=tar.gz --prefix=lab-$(LAB)/ -o lab-$(LAB)-handin.tar.gz HEAD
	@echo "handin: lab-$(LAB)-handin.tar.gz ($$(git rev-parse --short HEAD))"

# Staff only (tests/staff_check.py): every lab's exported skeleton builds, boots, fails
# exactly its lab and passes every other suite; the solution scores full marks three times;
# each recorded mutant scores its recorded total.  LABS="a b" checks some labs only.
staff-check: deps $(KERNEL) $(INITRAMFS)
	$(Q)python3 tests/staff_check.py --make '$(MAKE)' $(if $(LABS),--labs $(LABS))

# Every build rule goes through $(CROSS_COMPILE): a full build with a prefix of symlinks and
# the bare tools poisoned on PATH (tests/cross_check.sh).
cross-check: | deps
	$(Q)tests/cross_check.sh '$(MAKE)'

clean:
	rm -rf $(BUILD)

$(OBJS): Makefile

FORCE:
-include $(OBJS:.o=.d)
