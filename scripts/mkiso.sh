#!/bin/sh
# Builds a bootable GRUB ISO around the kernel with the given command line:
# serial console at 115200, no menu delay.
#
# usage: mkiso.sh KERNEL.elf "CMDLINE" OUT.iso
set -eu
kernel=$1 cmdline=$2 out=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/ringlet.elf"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "ringlet" {
	multiboot2 /boot/ringlet.elf $cmdline
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; run: grub-mkrescue -o $out $dir" >&2
	exit 1
}
