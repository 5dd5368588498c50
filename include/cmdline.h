/*
 * The kernel command line (from GRUB's multiboot2 tag), as options.
 *
 *   panic_on_warn[=0|1]   a WARN panics the kernel
 *   ktest.filter=GLOB,...  run only the tests whose "suite.name" matches one
 *                         of the globs and none of the "-GLOB"s ("*,-rcu.*":
 *                         all but rcu; at most 255 characters).  A rejected
 *                         filter runs no test and fails the boot.
 *   ktest.repeat=N        run each test N times (1..100000)
 *   ktest.timeout=N       a test running longer than N seconds is reported
 *                         hung and ends the boot (0..86400; 0: no limit)
 *   loglevel=N            print messages with level below N (0..8)
 *   bench=GLOB            run the benchmarks matching GLOB instead of the tests
 *   percpu_ref.confirm_delay_us=N
 *                         busy-wait N us after every percpu_ref confirm hook,
 *                         widening the window of the seed bug (0..1000000)
 *   failslab=I,P,T        fault injection into kmalloc: every I-th call is a
 *                         candidate, which fails with probability P percent
 *                         (0..100; 0: off), at most T times (-1: no limit)
 *   fail_page_alloc=I,P,T the same for alloc_pages
 *   fail_percpu=I,P,T     the same for __alloc_percpu
 *   fault_inject.site=GLOB
 *                         inject only into calls with a function matching
 *                         GLOB on their call stack (include/fault_inject.h)
 *   uring_torture.ops=N   stop the io_uring torture test after N operations
 *   uring_torture.seconds=N
 *                         ... or after N seconds, whichever comes first
 *                         (neither: a short run sized for `make test`)
 *   uring_torture.rng_seed=N
 *                         its RNG seed (0..4294967295; default: from the clock)
 *   uring_fuzz.inputs=N   inputs the SQE fuzzer feeds (default: a short run)
 *   uring_fuzz.rng_seed=N its RNG seed (0..4294967295; default: from the clock)
 *   io_uring.req_cache=0|1
 *                         recycle io_uring requests per ring (default 1); 0
 *                         gives each its own checked allocation, for
 *                         use-after-free hunting (kernel/uring/req_alloc.c)
 *   ktest=0|1             run the self-tests before init (default 1)
 *   init=PATH             the first program (default /init; "init=" runs none)
 *   -- WORDS...           everything after a standalone "--" is not an option:
 *                         the words are init's argv[1..]
 *
 * Options are separated by spaces.  An unknown option, or one whose value
 * is malformed, is reported and ignored; the rest still apply.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include "fault_inject.h"
#include "compiler.h"

#define KTEST_FILTER_MAX 256	/* ktest.filter=, bench=, fault_inject.site=: 255 characters */
#define INIT_PATH_MAX	256
#define INIT_ARGV_MAX	32	/* argv entries for init, its NULL included */

struct boot_options {
	bool panic_on_warn;
	char ktest_filter[KTEST_FILTER_MAX];	/* "": rejected, run no test */
	unsigned int ktest_repeat;
	unsigned int ktest_timeout;	/* seconds; 0: no limit */
	int loglevel;
	char bench[KTEST_FILTER_MAX];	/* empty: run the tests */
	unsigned int percpu_ref_confirm_delay_us;
	struct fault_spec failslab, fail_page_alloc, fail_percpu;	/* probability 0: off */
	char fault_site[KTEST_FILTER_MAX];			/* fault_inject.site= */
	unsigned long uring_torture_ops, uring_torture_seconds;	/* 0: the default run */
	long long uring_torture_rng_seed;			/* -1: pick one */
	unsigned long uring_fuzz_inputs;			/* 0: the default run */
	long long uring_fuzz_rng_seed;				/* -1: pick one */
	bool uring_req_cache;					/* io_uring.req_cache= */
	bool run_ktests;					/* ktest=: false skips them */
	char init[INIT_PATH_MAX];				/* init=: "" for no program */
	const char *init_args;	/* the text after " -- " (points into the command line), or NULL */
};

/* Sets every option to its default. */
void boot_options_default(struct boot_options *o);

/*
 * Parses cmdline into o (which should hold the defaults) and returns the
 * number of problems found; each is printed as "cmdline: ...".  It changes
 * nothing but o, so tests can call it.
 */
int cmdline_parse(const char *cmdline, struct boot_options *o);

/*
 * init's argv: argv[0] = o->init, then each space-separated word of
 * o->init_args, then NULL, the words copied into buf (size bytes).
 * Returns argc, or -1 (E2BIG) if the words do not fit in buf or in
 * INIT_ARGV_MAX entries.  Changes nothing but buf and argv.
 */
int init_argv(const struct boot_options *o, char *buf, size_t size,
	      const char *argv[INIT_ARGV_MAX]);

#endif
