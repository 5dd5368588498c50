/*
 * Per-task system-call counts, for graders and for comparing programs
 * (labs/uring_app): how many of each system call a program made.
 *
 * Off unless the boot option syscall_stats[=GLOB] is given.  Then every
 * process counts its system calls by number, from its last execve on (the
 * execve itself not counted), and when one whose name (comm) matches GLOB
 * (default "*") exits, the kernel prints one line
 *
 *	syscalls: pid 42 comm ucat total 9 write 2 ... io_uring_enter 3
 *
 * (every call made at least once, in numeric order, by Linux's name) and
 * keeps the last SYSCALL_STATS_RECORDS such lines for /dev/syscall_stats,
 * a file that exists only with the option: a read returns them, oldest
 * first, so a program can check a child it has reaped.  Off, the only cost
 * is one predictable branch per system call, and nothing a program can see
 * differs from a kernel without this file (make compare-linux).
 */
#ifndef SYSCALL_STATS_H
#define SYSCALL_STATS_H

#include "compiler.h"
#include "task.h"

#define SYSCALL_STATS_RECORDS	32
#define SYSCALL_STATS_LINE	400	/* a record's length limit, its newline included */

/* Read on every system call; written only by syscall_stats_set. */
extern bool syscall_stats_on;

/*
 * Turns counting on for processes whose comm matches glob (reported at
 * exit), or off with NULL; a glob longer than 63 characters is cut.  Boot
 * and self-tests only: a task already counting keeps its counts until it
 * exits, so turning it off never loses memory.  Process context.
 */
void syscall_stats_set(const char *glob);

/* The glob counting reports, or NULL while it is off.  For tests that restore it. */
const char *syscall_stats_glob(void);

/*
 * Makes /dev/syscall_stats (0444) if counting is on; at boot, after /dev
 * exists.  Panics if the node cannot be made.
 */
void syscall_stats_dev_init(void);

/* The counting slow path: use syscall_stats_count.  Current task, interrupts on. */
void __syscall_stats_count(unsigned int nr);

/*
 * Counts system call nr for the current task (do_syscall_64, before the
 * call runs).  Allocates the task's table on its first call; if that
 * fails the call goes uncounted and the record says "lost".  May sleep.
 */
static inline void syscall_stats_count(unsigned int nr)
{
	if (unlikely(READ_ONCE(syscall_stats_on)))
		__syscall_stats_count(nr);
}

/* execve's point of no return: the new program starts from zero.  Never fails. */
void syscall_stats_exec(struct task *t);

/*
 * do_exit, before the parent can see the exit: prints and records t's
 * counts if its comm matches, then frees them.  A task that never counted
 * costs nothing.  Process context (t == current).
 */
void syscall_stats_exit(struct task *t);

/*
 * Copies the newest record of pid (its line, newline included) into buf
 * (size bytes, NUL-terminated, cut to fit).  Returns the line's length, or
 * -1 if no record of pid is kept.  Any process context.
 */
int syscall_stats_find(int pid, char *buf, size_t size);

#endif
