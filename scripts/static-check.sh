#!/usr/bin/env bash
# Static analysis of the kernel, as CI runs it (`make check`):
#
#   compile_commands  build/compile_commands.json (and the clang-tidy copy)
#   cppcheck          warning + portability checks, whole program
#   clang-tidy        clang static analyzer + bugprone-* (scripts/clang_tidy.py)
#   clang-format      lines changed since tests/clang-format-base
#   layout            tests, benches and includes in their rooms (scripts/check_layout.py)
#
# One line per tool, its findings above it, then "N passed, N failed";
# exits 1 on any finding.  With CI=true, installs missing tools (Debian,
# as root or via sudo); otherwise prints the apt-get command.  Tuned for
# Debian 12's cppcheck 2.10 and clang-tidy/clang-format 14: other versions
# find other things.  See docs/static-analysis.md.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

LOGDIR=build/static-check
JOBS=$(nproc 2>/dev/null || echo 2)

# --- tools --------------------------------------------------------------
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need cppcheck cppcheck
need clang-tidy clang-tidy
need clang-format clang-format
need git git
need make make
need gcc gcc
need python3 python3
if [ -n "$missing" ]; then
	cmd="apt-get install -y --no-install-recommends$missing"
	sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	if [ "${CI:-}" = true ] && command -v apt-get >/dev/null 2>&1 &&
	   { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then
		echo "static-check: installing$missing"
		# shellcheck disable=SC2086 # $missing is one word per package
		if ! { "${sudo[@]}" apt-get update -qq >/dev/null &&
		       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
				apt-get install -y --no-install-recommends $missing >/dev/null; }; then
			echo "static-check: could not install$missing" >&2
			exit 1
		fi
	else
		echo "static-check: missing$missing; please run: sudo apt-get update && sudo $cmd" >&2
		exit 1
	fi
fi

# --- steps ----------------------------------------------------------------
mkdir -p "$LOGDIR"
passed=0 failed=0

# step NAME VERSION CMD...: runs CMD with its output in $LOGDIR/NAME.log;
# on failure prints the log, then one line: "PASS|FAIL NAME (VERSION, Ns)".
step() {
	local name=$1 version=$2 start end status
	shift 2
	start=$(date +%s)
	"$@" >"$LOGDIR/$name.log" 2>&1
	status=$?
	end=$(date +%s)
	if [ $status -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS %-17s (%s, %ds)\n' "$name" "$version" $((end - start))
	else
		failed=$((failed + 1))
		sed 's/^/    /' "$LOGDIR/$name.log"
		printf 'FAIL %-17s (%s, %ds; log: %s)\n' "$name" "$version" $((end - start)) \
			"$LOGDIR/$name.log"
	fi
}

compile_commands() {
	python3 scripts/compile_commands.py &&
	python3 scripts/compile_commands.py --clang build/clang-tidy
}

# The C files the Makefile builds (what compile_commands.json lists).
c_sources() {
	python3 -c 'import json, sys
for e in json.load(open("build/compile_commands.json")):
    if e["file"].endswith(".c"):
        print(e["file"])'
}

run_cppcheck() {
	local files
	files=$(c_sources) || return 1
	# shellcheck disable=SC2086 # one word per file
	cppcheck --quiet --error-exitcode=1 --std=c11 --platform=unix64 \
		--enable=warning,portability,information --inline-suppr \
		--suppress=missingIncludeSystem \
		--suppressions-list=tests/cppcheck-suppressions.txt \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
		-D__x86_64__ -Iinclude -Iarch/x86_64/include $files
}

version() { "$@" --version 2>/dev/null | grep -o '[0-9][0-9.]*[0-9]' | head -1; }

step compile_commands "make -n" compile_commands
step cppcheck "cppcheck $(version cppcheck)" run_cppcheck
step clang-tidy "clang-tidy $(version clang-tidy)" python3 scripts/clang_tidy.py -j "$JOBS"
step clang-format "clang-format $(version clang-format)" python3 scripts/clang_format_check.py
step layout "python3 $(version python3)" python3 scripts/check_layout.py

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
