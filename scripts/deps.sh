#!/bin/sh
# Checks for the host tools ringlet needs and installs the missing ones
# from Debian when run as root; otherwise prints the command to run.
# With --tools, also the checkers `make check` and `make model` use; with --gdb,
# also gdb, which `make insn-count` drives.
set -eu
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need qemu-system-x86_64 qemu-system-x86
need grub-mkrescue grub-common
need xorriso xorriso
need mformat mtools
need python3 python3
need gcc gcc
need make make
need musl-gcc musl-tools
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
# gcc -static for the glibc test programs and make exec's glibc hello.
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || missing="$missing libc6-dev"
# Debian's liburing.a and headers, the only io_uring library user/tests/uring_*.c link.
[ -f /usr/lib/x86_64-linux-gnu/liburing.a ] || missing="$missing liburing-dev"
if [ "${1:-}" = --tools ]; then
	need git git
	need cppcheck cppcheck
	need clang-tidy clang-tidy
	need clang-format clang-format
	need spin spin
fi
if [ "${1:-}" = --gdb ]; then
	need gdb gdb
fi
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive $cmd >/dev/null
else
	echo "deps: missing$missing; please run: sudo $cmd" >&2
	exit 1
fi
