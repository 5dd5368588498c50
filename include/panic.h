/*
 * WARN, BUG and panic, as in Linux.
 *
 * WARN_ON(cond) and BUG() compile to a "ud2" instruction plus an entry in
 * the __bug_table section recording the instruction's address, the source
 * file and line, and flags.  Executing ud2 raises #UD; the trap handler
 * (traps.c) finds the entry and prints the report with the exact registers
 * of the WARN site.  A warning then resumes after the ud2; a BUG does not.
 * Keeping the report out of line keeps the fast path of every WARN_ON to a
 * compare and a not-taken branch.
 *
 * WARN_ON*, WARN evaluate to the condition, so they can be used in ifs.
 */
#ifndef PANIC_H
#define PANIC_H

#include "compiler.h"

#define BUGFLAG_WARNING		(1 << 0)
#define BUGFLAG_ONCE		(1 << 1)
#define BUGFLAG_DONE		(1 << 2)
#define BUGFLAG_NO_CUT_HERE	(1 << 3)
#define BUGFLAG_ODEBUG		(1 << 4)	/* titled "WARNING: ODEBUG bug in <caller>" */

struct bug_entry {
	unsigned long addr;	/* the ud2 */
	const char *file;
	uint16_t line;
	uint16_t flags;
	uint32_t pad;
};

#define __BUG_FLAGS(flags)						\
	asm volatile("1: ud2\n\t"					\
		     ".pushsection __bug_table, \"aw\"\n\t"		\
		     ".balign 8\n\t"					\
		     ".quad 1b, %c0\n\t"				\
		     ".short %c1, %c2\n\t"				\
		     ".long 0\n\t"					\
		     ".popsection"					\
		     : : "i"(__FILE__), "i"(__LINE__), "i"(flags))

#define WARN_ON(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__BUG_FLAGS(BUGFLAG_WARNING);				\
	unlikely(__c);							\
})

#define WARN_ON_ONCE(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__BUG_FLAGS(BUGFLAG_WARNING | BUGFLAG_ONCE);		\
	unlikely(__c);							\
})

/* Prints "cut here" and the message, then traps like WARN_ON. */
#define WARN(cond, fmt, ...) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c)) {						\
		__warn_printk(fmt, ##__VA_ARGS__);			\
		__BUG_FLAGS(BUGFLAG_WARNING | BUGFLAG_NO_CUT_HERE);	\
	}								\
	unlikely(__c);							\
})

#define BUG() do { __BUG_FLAGS(0); __builtin_unreachable(); } while (0)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

__printf(1, 2) void __warn_printk(const char *fmt, ...);

/*
 * Prints "Kernel panic - not syncing: MSG" with a backtrace, stops every
 * CPU and exits QEMU with the failure status.  Any context.
 */
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

/*
 * Lets every WARN_ON_ONCE fire again, like Linux's debugfs clear_warn_once:
 * ktest calls it before each test so negative tests can be repeated.
 */
void clear_warn_once(void);

/* panic_on_warn: set from the command line. */
extern bool panic_on_warn;

/* Number of WARNs so far (for tests and the final summary). */
extern unsigned long warn_count;

#endif
