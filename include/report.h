/*
 * Crash reports in Linux's format, and how they are ended.
 *
 * Every report (WARN, BUG, oops, KASAN-lite, panic) is printed between
 * report_begin() and report_end().  The pair serializes reports across CPUs
 * (a CPU may nest: a report that faults reports again), and report_end()
 * hands the report's title to the self-test framework, which either claims
 * it (a negative test expected it) or fails the running test.
 *
 * A title is what tools built for Linux logs call the report, e.g.
 * "WARNING in percpu_ref_exit": the kind of report and the first function in
 * the call trace that is not a reporting helper (see report_is_helper()).
 */
#ifndef REPORT_H
#define REPORT_H

#include "compiler.h"

struct pt_regs;

#define TITLE_MAX 128
#define END_TRACE "---[ end trace 0000000000000000 ]---\n"
#define KASAN_RULE "==================================================================\n"

void report_begin(void);
/* True while this CPU is printing a report (printk then ignores loglevel). */
bool report_in_progress_here(void);
/* Ends the report; returns true if a running negative test claimed title. */
bool report_end(const char *title);
/* Releases one level of report_begin without ending a report. */
void report_unlock(void);

/* After a non-fatal report: panics if panic_on_warn is set. */
void report_check_panic_on_warn(const char *title);

/*
 * After a fatal report (oops, BUG): if a running negative test claimed it,
 * abandon that test and return to the test runner; otherwise panic.
 */
__noreturn void die(bool claimed);

/* "CPU: N PID: N Comm: name Not tainted ringlet-0.1 #1" */
void print_cpu_line(void);
/* The register dump, from "RIP:" to "CR2: ..." (no trace). */
void show_regs(const struct pt_regs *regs);
/* "Call Trace:" and one line per frame, walking frame pointers from rbp. */
void show_trace(unsigned long rbp);
/*
 * Collects up to max return addresses from the frame chain at rbp.  Look a
 * return address up as ret - 1: it names the call, not what follows it.
 */
int unwind_frames(unsigned long rbp, unsigned long *frames, int max);

/* The frames of the code interrupted at regs (see dumpstack.c). */
int unwind_regs(const struct pt_regs *regs, unsigned long *frames, int max);
/* "Call Trace:" for the code interrupted at regs. */
void show_trace_regs(const struct pt_regs *regs);

/* True for functions that report rather than cause (skipped in titles). */
bool report_is_helper(const char *name);
/* "PREFIX in F": F is the function containing addr. */
void report_title_at(char *buf, const char *prefix, unsigned long addr);
/* "PREFIX in F": F is the first non-helper frame of the trace at rbp. */
void report_title_from_trace(char *buf, const char *prefix, unsigned long rbp);
/*
 * "PREFIX in F" for an exception: F is the function at regs->rip, or if
 * RIP is in no function, the first non-helper frame of the trace.
 */
void report_title_regs(char *buf, const char *prefix, const struct pt_regs *regs);

/*
 * A fatal "BUG: MSG" report for a broken invariant found by a helper (a
 * recursive spinlock): prints MSG with detail, the trace, and dies.
 */
__noreturn void report_bug_simple(const char *msg, const char *detail);

#endif
