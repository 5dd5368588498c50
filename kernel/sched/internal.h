/*
 * What the files of kernel/sched share about processes (see
 * docs/processes.md): the process list and the steps of a task's life
 * that more than one file takes.
 */
#ifndef SCHED_INTERNAL_H
#define SCHED_INTERNAL_H

#include "task.h"

/* kill(2) and wait4(2) refuse this pid: its negation names no group. */
#define PID_INT_MIN	(-2147483647 - 1)

/* Every process, alive or zombie, by tasks; under tasklist_lock. */
extern struct list_head process_list;
/* The child reaper ("init") or NULL; under tasklist_lock. */
extern struct task *reaper;

/*
 * pid.c: makes t a process: on the process list, child of parent (NULL:
 * none, then it leads a new session and group), else in parent's group and
 * session.  tasklist_lock held.
 */
void process_attach(struct task *t, struct task *parent);

/*
 * kthread.c: frees a dead task that is off its stack for good (its
 * exited completion done): its stack, the struct, the count.  Takes it
 * off the process list if it is on it.  May sleep.
 */
void release_task(struct task *t);

/*
 * signal.c: sends sig (1.._NSIG) to process t as kill(2) does: dropped if
 * t ignores it (and does not block it), else made pending and t woken.
 * SIGKILL is forced.  tasklist_lock held (keeps t alive).  Any context.
 */
void send_signal(struct task *t, int sig);
/* signal.c: true if t's action for sig is SIG_IGN (SIGCHLD's autoreap test). */
bool sig_handler_ignored(struct task *t, int sig);
/* signal.c: sets up a new process's signal state (a fork child inherits). */
void copy_signals(struct task *child, struct task *parent);

#endif
