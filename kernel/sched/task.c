/*
 * The boot task (see include/task.h).  It starts on the boot stack in BSS;
 * kmain moves it to a guarded vmap stack once paging is up and records the
 * new bounds here.
 */
#include "task.h"
#include <asm/boot_defs.h>

extern char boot_stack_top[];

struct task init_task = {
	.pid = 0,
	.comm = "swapper/0",
	.stack_top = (unsigned long)boot_stack_top,
	.stack_size = BOOT_STACK_SIZE,
	.addr_limit = ~0UL,		/* KERNEL_DS (a compound literal is no static initializer) */
};

DEFINE_PER_CPU(struct task *, current_task) = &init_task;
