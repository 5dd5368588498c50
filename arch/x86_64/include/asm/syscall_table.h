/*
 * The system calls ringlet implements: one line per Linux x86_64 number,
 * in numeric order, naming the SYSCALL_DEFINEn function that serves it
 * (Linux generates the same from arch/x86/entry/syscalls/syscall_64.tbl).
 *
 * Included twice by arch/x86_64/syscall.c with different meanings of
 * __SYSCALL(nr, name): once to declare __x64_<name>, once to fill the
 * table.  A number not listed here is -ENOSYS, logged on first use.
 */
__SYSCALL(__NR_write, sys_write)
__SYSCALL(__NR_mmap, sys_mmap)
__SYSCALL(__NR_mprotect, sys_mprotect)
__SYSCALL(__NR_munmap, sys_munmap)
__SYSCALL(__NR_brk, sys_brk)
__SYSCALL(__NR_sched_yield, sys_sched_yield)
__SYSCALL(__NR_madvise, sys_madvise)
__SYSCALL(__NR_getpid, sys_getpid)
__SYSCALL(__NR_execve, sys_execve)
__SYSCALL(__NR_exit, sys_exit)
__SYSCALL(__NR_arch_prctl, sys_arch_prctl)
__SYSCALL(__NR_gettid, sys_gettid)
__SYSCALL(__NR_exit_group, sys_exit_group)
