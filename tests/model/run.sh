#!/bin/sh
# Model-checks the percpu_ref teardown protocol (tests/model/percpu_ref.pml)
# with spin, in two variants:
#   safe  teardown waits for release() (ringlet's rule): must verify, errors: 0
#   seed  teardown waits for the confirm hook (Linux cbb537634780): spin must
#         find a counterexample; its trail is replayed and printed
# Exit status 0 only if both checks pass.  Last line: "N passed, N failed".
#
# Environment: SPIN (default spin), CC (default gcc), MODEL_FLAGS (extra
# -D flags for both variants, e.g. "-DREADERS=3" or "-DITERS=2"), PAN_FLAGS
# (extra run-time flags for pan), TRAIL_LINES (default 40), KEEP=1 keeps the
# work directory, MODEL_CACHE (below).
# The *_FLAGS variables are split into words on purpose (never globbed: set -f).
# shellcheck disable=SC2086
set -uf

here=$(cd "$(dirname "$0")" && pwd)
model="$here/percpu_ref.pml"
SPIN=${SPIN:-spin}
CC=${CC:-gcc}
MODEL_FLAGS=${MODEL_FLAGS:-}
PAN_FLAGS=${PAN_FLAGS:-}
TRAIL_LINES=${TRAIL_LINES:-40}
# -DSAFETY: assertions and end states only; -DCOLLAPSE: exhaustive, less
# memory; -DMEMLIM: stop (and fail the check) rather than exhaust the host.
PAN_CFLAGS="-O2 -DSAFETY -DCOLLAPSE -DMEMLIM=4096"
PAN_RUN="-m100000 -w26"

if ! command -v "$SPIN" >/dev/null 2>&1; then
	echo "model: $SPIN not found; install it with: apt-get install -y spin" >&2
	echo "0 passed, 2 failed"
	exit 1
fi

# A verdict depends only on the model, this script, spin, the C compiler and the flags, and
# graders ask for it several times per run (25 s each): a passing run's output is kept in
# $MODEL_CACHE (default build/model-cache at the top of the tree) under a hash of all of them
# and replayed when they are all the same again.  A failing run is never kept.  MODEL_CACHE=
# (empty) always runs spin.
cache=${MODEL_CACHE-$(cd "$here/../.." && pwd)/build/model-cache}
if [ -n "$cache" ]; then
	key=$({ cat "$model" "$0"; "$SPIN" -V 2>&1; $CC --version 2>&1 | head -n 1
		echo "$MODEL_FLAGS|$PAN_FLAGS|$TRAIL_LINES"; } | sha256sum | cut -c1-16)
	if [ -f "$cache/$key" ]; then
		echo "model: this model, script, spin, compiler and flags passed before;" \
		     "replaying $cache/$key (MODEL_CACHE= runs spin again)"
		cat "$cache/$key"
		exit 0
	fi
	mkdir -p "$cache" || exit 1
	out="$cache/$key.$$"
	{ MODEL_CACHE='' "$0"; echo $? >"$out.status"; } 2>&1 | tee "$out"
	status=$(cat "$out.status")
	rm -f "$out.status"
	if [ "$status" = 0 ]; then mv "$out" "$cache/$key"; else rm -f "$out"; fi
	exit "$status"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ringlet-model.XXXXXX") || exit 1
if [ "${KEEP:-0}" = 1 ]; then
	echo "model: work directory $work"
else
	trap 'rm -rf "$work"' EXIT INT TERM
fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

passed=0
failed=0
t_all=$(now)

# build <dir> <spin -D flags...>: spin -a and compile pan in <dir>
build() {
	dir=$1; shift
	mkdir -p "$dir" && cp "$model" "$dir/" || return 1
	(cd "$dir" && "$SPIN" "$@" $MODEL_FLAGS -a percpu_ref.pml >spin-a.log 2>&1) || {
		echo "model: spin -a failed:" >&2; cat "$dir/spin-a.log" >&2; return 1; }
	(cd "$dir" && $CC $PAN_CFLAGS -o pan pan.c >cc.log 2>&1) || {
		echo "model: compiling pan failed:" >&2; cat "$dir/cc.log" >&2; return 1; }
}

# field <file> <awk program>: one number out of pan's report
errors_of() { sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' "$1" | tail -1; }
stored_of() { awk '/states, stored/ { print $1; exit }' "$1"; }
# pan's own words for an incomplete search
incomplete() { grep -E 'max search depth too small|reached -DMEMLIM|Search not completed|out of memory' "$1"; }

# show_trail <dir> <spin -D flags...>: replay pan's trail, as the model's own
# narrative (its printf lines), then as spin -t -p steps (the last few)
show_trail() {
	dir=$1; shift
	(cd "$dir" && "$SPIN" "$@" $MODEL_FLAGS -t -p percpu_ref.pml >trail.txt 2>&1)
	echo "-- counterexample, as the model tells it (config 0: flags 0, no switcher;" \
	     "1: ALLOW_REINIT and the switcher):"
	(cd "$dir" && "$SPIN" "$@" $MODEL_FLAGS -t percpu_ref.pml 2>&1) |
		grep -E 'MSC:|^spin: .*(Error|failed assertion)' | sed 's/^[[:space:]]*MSC: /   /'
	echo "-- spin -t -p, last $TRAIL_LINES steps:"
	grep -E '^ *[0-9]+:[[:space:]]+proc|^spin:' "$dir/trail.txt" | tail -n "$TRAIL_LINES"
	steps=$(sed -n 's/^spin: trail ends after \([0-9]*\) steps.*/\1/p' "$dir/trail.txt")
}

# ---- 1. the safe model must verify --------------------------------------
echo "== model: safe teardown (wait for release) must verify"
t=$(now)
dir="$work/safe"
if build "$dir"; then
	(cd "$dir" && ./pan $PAN_RUN $PAN_FLAGS >pan.out 2>&1)
	errs=$(errors_of "$dir/pan.out")
	states=$(stored_of "$dir/pan.out")
	sed -n '/^State-vector/,/transitions/p' "$dir/pan.out"
	if [ "$errs" = 0 ] && [ -n "$states" ] && ! incomplete "$dir/pan.out"; then
		echo "ok 1 safe model verified: errors 0, $states states stored, $(since "$t") s"
		passed=$((passed + 1))
	else
		grep -E '^pan:|^error|^Warning' "$dir/pan.out" | head -5
		incomplete "$dir/pan.out"
		[ -f "$dir/percpu_ref.pml.trail" ] && show_trail "$dir"
		echo "not ok 1 safe model verified: errors ${errs:-?}, $(since "$t") s"
		failed=$((failed + 1))
	fi
else
	echo "not ok 1 safe model verified: could not build the verifier"
	failed=$((failed + 1))
fi

# ---- 2. the seed model must be refuted ----------------------------------
echo "== model: seed teardown (wait for the confirm hook) must fail"
t=$(now)
dir="$work/seed"
if build "$dir" -DSEED; then
	(cd "$dir" && ./pan $PAN_RUN $PAN_FLAGS >pan.out 2>&1)
	errs=$(errors_of "$dir/pan.out")
	states=$(stored_of "$dir/pan.out")
	why=$(grep -E '^pan:[0-9]+: ' "$dir/pan.out" | head -1 | sed 's/^pan:[0-9]*: //')
	if [ -n "$errs" ] && [ "$errs" -ge 1 ] && [ -f "$dir/percpu_ref.pml.trail" ]; then
		show_trail "$dir" -DSEED
		echo "ok 2 seed model refuted: $why; a ${steps:-?}-step trail," \
		     "$states states stored, $(since "$t") s"
		passed=$((passed + 1))
	else
		sed -n '/^State-vector/,/transitions/p' "$dir/pan.out"
		echo "not ok 2 seed model refuted: spin found no counterexample (errors ${errs:-?}), $(since "$t") s"
		failed=$((failed + 1))
	fi
else
	echo "not ok 2 seed model refuted: could not build the verifier"
	failed=$((failed + 1))
fi

echo "model: $(since "$t_all") s in all"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
