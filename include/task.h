/*
 * Tasks.  For now the only task is the boot CPU's: "swapper/0", PID 0, as in
 * Linux.  Reports name the current task ("PID: 0 Comm: swapper/0"), and the
 * unwinder uses its stack bounds.
 */
#ifndef TASK_H
#define TASK_H

#include "percpu.h"

#define TASK_COMM_LEN 16

struct task {
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned long stack_top;	/* highest address of its kernel stack */
	unsigned long stack_size;
};

DECLARE_PER_CPU(struct task *, current_task);
#define current this_cpu_read(current_task)

extern struct task init_task;

#endif
