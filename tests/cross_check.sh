#!/bin/sh
# Proves that every rule of a full build goes through $(CROSS_COMPILE), so the same Makefile
# builds ringlet with Debian's x86_64 cross toolchain on an arm64 laptop (docs/teaching.md).
#
# A prefix of symlinks to this host's tools stands in for the cross toolchain, and PATH starts
# with a directory of bare gcc, cc, ld, nm, objcopy and musl-gcc that log who called them and
# then run the real tool.  A bare tool called by the compiler driver itself (collect2 runs ld)
# is fine; one called from a make recipe, a shell or a script is a Makefile bug.  The build
# goes to its own directory, so the main build is untouched.
#
#     tests/cross_check.sh [MAKE]
set -eu
make=${1:-make}
dir=$(pwd)/build/cross-check
rm -rf "$dir" && mkdir -p "$dir/prefix" "$dir/poison"
prefix="$dir/prefix/x86_64-check-linux-gnu-"
for t in gcc ld nm objcopy; do
	ln -s "$(command -v "$t")" "$prefix$t"
done
log="$dir/bare-calls.log"
: > "$log"
for t in gcc cc ld nm objcopy musl-gcc; do
	real=$(command -v "$t") || continue
	cat > "$dir/poison/$t" <<POISON
#!/bin/sh
echo "$t \$(cat /proc/\$PPID/comm) \$*" >> "$log"
exec "$real" "\$@"
POISON
	chmod +x "$dir/poison/$t"
done
PATH="$dir/poison:$PATH" $make --no-print-directory -j2 BUILD="$dir/build" \
	CROSS_COMPILE="$prefix" all user >"$dir/make.log" 2>&1 || {
	tail -20 "$dir/make.log"
	echo "cross-check: the build with CROSS_COMPILE failed (log: $dir/make.log)"
	echo "0 passed, 1 failed"
	exit 1
}
bad=$(grep -Ev '^[^ ]+ (collect2|gcc|cc|x86_64-check-li|cc1|lto-wrapper) ' "$log" || true)
if [ -n "$bad" ]; then
	echo "cross-check: bare tools called outside the compiler driver:"
	echo "$bad" | cut -c1-200 | sort | uniq | head -20
	echo "0 passed, 1 failed"
	exit 1
fi
echo "cross-check: a full build used only $prefix* ($(wc -l < "$log") bare calls, all from the compiler driver)"
echo "1 passed, 0 failed"
