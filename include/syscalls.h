/*
 * The system calls, under Linux's names and with Linux's arguments and
 * results (-errno on failure).  Each is implemented where its subsystem
 * lives; arch/x86_64/syscall.c's table maps Linux's x86_64 numbers to
 * them.  They run in the calling task's context, interrupts on, and may
 * sleep; pointer arguments are user pointers.
 */
#ifndef SYSCALLS_H
#define SYSCALLS_H

#include <stddef.h>
#include "compiler.h"
#include "uaccess.h"
#include <asm/syscall_wrapper.h>

/*
 * SYSCALL_DEFINEn(name, type1, arg1, ..., typen, argn) { body } defines
 * sys_name with that body and the wrapper the system-call table calls
 * (<asm/syscall_wrapper.h>); list the number in <asm/syscall_table.h>.
 */
#define SYSCALL_DEFINE1(name, ...) __SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) __SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) __SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) __SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) __SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) __SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

/* kernel/fs/read_write.c: writes to fd of the task's table. */
long sys_write(unsigned int fd, const char __user *buf, size_t count);
/* kernel/sched/sched.c: lets other tasks on this CPU run first; always 0. */
long sys_sched_yield(void);
/* kernel/sched/pid.c: the task's process ID and thread ID (the same: one thread per process). */
long sys_getpid(void);
long sys_gettid(void);
/* kernel/sched/exit.c: end the thread / every thread of the process with status & 0xff. */
__noreturn long sys_exit(int status);
__noreturn long sys_exit_group(int status);
/* kernel/mm/sys_mmap.c, brk.c, madvise.c: the memory calls, Linux 6.1's errnos (brk: never -errno). */
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, unsigned long off);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);
long sys_brk(unsigned long brk);
long sys_madvise(unsigned long start, size_t len_in, int advice);
/* kernel/fs/exec.c: replaces the calling program; 0 (into the new one) or -errno (nothing changed). */
long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp);
/* arch/x86_64/process.c: ARCH_SET_FS, ARCH_GET_FS; others -EINVAL. */
long sys_arch_prctl(int option, unsigned long arg2);

#endif
