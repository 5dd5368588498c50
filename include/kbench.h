/*
 * kbench: boot-time benchmarks, kept apart from the self-tests.
 *
 * A benchmark is declared like a test (KBENCH(group, name)) and runs only
 * when the command line says bench=GLOB; the kernel then runs no tests.
 * Each prints machine-readable lines:
 *
 *	BENCH <group>.<name> cpus=<online CPUs> iters=<N> ns_per_op=<ns>
 *
 * Under QEMU TCG the clock is the host's and the host is shared, so read
 * the numbers as ratios between benchmarks of one boot, never as speeds.
 */
#ifndef KBENCH_H
#define KBENCH_H

#include "compiler.h"
#include <stdint.h>

struct kbench {
	const char *group;
	const char *name;
	void (*fn)(void);
};

#define KBENCH(g, n)								\
	static void kbench_##g##_##n(void);					\
	static const struct kbench __kbench_desc_##g##_##n			\
		__section(".kbench") __used __aligned(8) = {			\
		.group = #g, .name = #n, .fn = kbench_##g##_##n			\
	};									\
	static void kbench_##g##_##n(void)

/*
 * Runs fn(arg) for iters iterations on one thread per online CPU, all
 * released at once, and prints the BENCH line for name with the wall time
 * per iteration.  fn does all iters itself.  May sleep.
 */
void kbench_on_all_cpus(const char *name, void (*fn)(void *arg, unsigned long iters),
			void *arg, unsigned long iters);

/* Prints the BENCH line for name: ns of wall time spent on iters operations. */
void kbench_print(const char *name, unsigned long iters, uint64_t ns);

/*
 * Runs the benchmarks whose "group.name" matches filter, prints BENCH_DONE
 * and exits QEMU with the pass status: it never returns, so a boot with
 * bench= runs no tests.  Task context (benchmarks sleep).
 */
__noreturn void kbench_run_all(const char *filter);

#endif
