/*
 * Fault injection: making allocations fail on purpose, to test the error
 * paths nobody ever runs (Linux's failslab, fail_page_alloc and fail-nth).
 *
 * Three injection points: kmalloc (failslab), alloc_pages
 * (fail_page_alloc) and __alloc_percpu (fail_percpu).  Each call there is
 * a candidate; a candidate fails if
 *   - the calling task's fail_nth counter (fault_inject_fail_nth) counts
 *     down to zero on it: "fail my Nth allocation", the walk mode tests
 *     use; or
 *   - its point's attributes say so: every interval-th candidate, with
 *     probability percent, while times (-1: no limit) lasts, as set on
 *     the command line (failslab=<interval>,<probability>,<times>, the
 *     same for fail_page_alloc= and fail_percpu=).
 * fault_inject.site=GLOB (or fault_inject_set_site) narrows both to
 * candidates with a function matching GLOB on their call stack.
 *
 * Each failure is remembered by its allocation site (the first caller
 * outside the allocators), so a walk can say how many distinct sites it
 * made fail.  Nothing costs anything until injection is first armed.
 */
#ifndef FAULT_INJECT_H
#define FAULT_INJECT_H

#include "compiler.h"
#include "atomic.h"

struct fault_attr {
	const char *name;
	unsigned long interval;		/* 0 or 1: every candidate */
	unsigned int probability;	/* percent; 0: this point is off */
	atomic_long_t times;		/* failures left, -1 for no limit */
	atomic_long_t candidates;
	atomic_long_t failures;
};

extern struct fault_attr failslab, fail_page_alloc, fail_percpu;

/* The hook: true if this allocation must fail.  Any context. */
bool should_fail_alloc(struct fault_attr *attr);

/* What "<interval>,<probability>,<times>" asks for (times -1: no limit). */
struct fault_spec {
	unsigned long interval;
	unsigned int probability;	/* 0: off */
	long times;
};

/* Parses value into *spec; NULL, or an error message (spec unchanged). */
const char *fault_spec_parse(const char *value, struct fault_spec *spec);
/* Applies spec to attr (arming injection if it can fail anything). */
void fault_attr_set(struct fault_attr *attr, const struct fault_spec *spec);

/*
 * The current task's next n-th candidate allocation fails (n = 0: off).
 * Returns what was left of the previous countdown: 0 means it fired (or
 * was off), > 0 that fewer allocations than asked were made.
 */
int fault_inject_fail_nth(int n);

/* Only candidates with a function matching glob on the stack (NULL or "": all). */
void fault_inject_set_site(const char *glob);

/* Distinct allocation sites failed since the last reset, and their list. */
int fault_inject_sites_failed(void);
void fault_inject_print_sites(void);
void fault_inject_reset_sites(void);

#endif
