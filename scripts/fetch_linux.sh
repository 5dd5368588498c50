#!/bin/sh
# Fetches the Linux kernel `make compare-linux` boots next to ringlet:
# Debian's linux-image-amd64, unmodified.  That package is only a
# dependency on the real one (linux-image-6.1.0-NN-amd64), so the name is
# resolved with apt-cache, the .deb is fetched with `apt-get download`
# and only /boot/vmlinuz-VERSION is kept, as build/linux/vmlinuz-VERSION
# (modules are not needed: the initramfs holds no drivers and the kernel
# has the serial port, initramfs and ACPI power-off built in).
#
# usage: fetch_linux.sh [OUTDIR]     (default build/linux)
# Prints VERSION (e.g. 6.1.0-57-amd64) on stdout.  Nothing is downloaded
# when OUTDIR already holds the kernel apt names; apt's lists are updated
# once if the package cannot be resolved or fetched (needs root then).
# Never needs KVM: the kernel is only a file here.
set -eu
out=${1:-build/linux}

resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

pkg=$(resolve)
if [ -z "$pkg" ]; then
	apt-get update -qq >/dev/null
	pkg=$(resolve)
fi
[ -n "$pkg" ] || {
	echo "fetch_linux: apt-cache cannot resolve linux-image-amd64's kernel package" >&2
	exit 1
}
version=${pkg#linux-image-}
if [ -f "$out/vmlinuz-$version" ]; then
	echo "$version"
	exit 0
fi
mkdir -p "$out"
tmp=$(mktemp -d "$out/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && { apt-get download "$pkg" >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null && apt-get download "$pkg" >/dev/null; }; } )
deb=$(ls "$tmp"/*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./boot/vmlinuz-$version"
mv "$tmp/boot/vmlinuz-$version" "$out/vmlinuz-$version"
echo "$version"
