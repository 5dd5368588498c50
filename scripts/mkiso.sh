#!/bin/sh
# Builds a bootable GRUB ISO around the kernel with the given command line:
# serial console at 115200, no menu delay, and the initramfs loaded as a
# multiboot2 module (kernel/fs/initramfs.c unpacks it at boot).
#
# usage: mkiso.sh KERNEL.elf "CMDLINE" OUT.iso [INITRAMFS.cpio]
# The initramfs defaults to initramfs.cpio next to the kernel, where `make`
# builds it, so the test scripts' ISOs (tests/suite.py...) carry it too.
set -eu
kernel=$1 cmdline=$2 out=$3
initramfs=${4:-$(dirname "$kernel")/initramfs.cpio}
[ -f "$initramfs" ] || {
	echo "mkiso: no initramfs at $initramfs; run: make $initramfs" >&2
	exit 1
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/ringlet.elf"
cp "$initramfs" "$dir/boot/initramfs.cpio"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "ringlet" {
	multiboot2 /boot/ringlet.elf $cmdline
	module2 /boot/initramfs.cpio initramfs
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; run: grub-mkrescue -o $out $dir" >&2
	exit 1
}
