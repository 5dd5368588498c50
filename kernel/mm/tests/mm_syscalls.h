/*
 * For the memory system-call tests: the test's own kernel thread adopts a
 * fresh address space (kthread_use_mm), calls the system calls as a
 * program would, and reads and writes the user pages through the
 * user-copy helpers.  mm_test_end gives the address space back and waits
 * until this CPU has let go of it too (lazy TLB), for the leak check.
 */
#ifndef MM_SYSCALLS_H
#define MM_SYSCALLS_H

#include "vm.h"
#include "syscalls.h"
#include "uaccess.h"
#include "timer.h"
#include "task.h"

static inline struct mm_struct *mm_test_begin(void)
{
	struct mm_struct *mm = mm_alloc();

	if (mm)
		kthread_use_mm(mm);
	return mm;
}

static inline void mm_test_end(struct mm_struct *mm)
{
	kthread_unuse_mm(mm);
	mmput(mm);
	while (this_cpu_read(active_mm))
		msleep(1);
}

/* Reads one byte of user memory: the byte, or -1 if the read faults. */
static inline int peek(unsigned long va)
{
	unsigned char c;

	return copy_from_user(&c, (const void __user *)va, 1) ? -1 : c;
}

/* Writes one byte of user memory: true if it did not fault. */
static inline bool poke(unsigned long va, unsigned char c)
{
	return copy_to_user((void __user *)va, &c, 1) == 0;
}

#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW		(PROT_READ | PROT_WRITE)

#endif
