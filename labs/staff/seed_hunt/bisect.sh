#!/bin/sh
# Staff solution of lab seed_hunt's task 2: the script for `git bisect run`.
#
#   git bisect start HEAD <the first commit>
#   git bisect run sh /somewhere/outside/the/tree/bisect.sh
#
# A commit is good when the seed's teardown test passes REPEATS boots in a row at -smp 2 with
# the race window widened (percpu_ref.confirm_delay_us=3000: the switch's RCU callback lingers
# 3 ms between the confirm hook and clearing confirm_switch), bad as soon as one boot fails,
# and skipped (125) when the tree does not build: bisect must not blame a commit it could not
# test.  The first failure ends the script, so a bad commit costs one boot and a good one
# REPEATS.  `make run` exits 0 only for QEMU status 33 (every self-test passed); a boot that
# hangs is killed by timeout and counts as bad.  init= keeps /init from running the user
# suite after the self-tests: it has nothing to say about this bug and would only slow the
# boot and give it more ways to fail.
REPEATS=${REPEATS:-2}
FILTER='uring_teardown.close_right_after_update_1000_times_on_all_cpus'

make -j2 >/dev/null 2>&1 || exit 125
i=0
while [ "$i" -lt "$REPEATS" ]; do
	if ! timeout 900 make run CPUS=2 \
		CMDLINE="ktest.filter=$FILTER percpu_ref.confirm_delay_us=3000 init=" \
		>build/bisect-run.log 2>&1; then
		grep -m1 'unexpected report' build/bisect-run.log || tail -3 build/bisect-run.log
		exit 1
	fi
	i=$((i + 1))
done
exit 0
