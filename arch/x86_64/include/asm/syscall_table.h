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
__SYSCALL(__NR_sched_yield, sys_sched_yield)
__SYSCALL(__NR_nanosleep, sys_nanosleep)
__SYSCALL(__NR_getpid, sys_getpid)
__SYSCALL(__NR_exit, sys_exit)
__SYSCALL(__NR_uname, sys_newuname)
__SYSCALL(__NR_gettimeofday, sys_gettimeofday)
__SYSCALL(__NR_getrlimit, sys_getrlimit)
__SYSCALL(__NR_sysinfo, sys_sysinfo)
__SYSCALL(__NR_getuid, sys_getuid)
__SYSCALL(__NR_getgid, sys_getgid)
__SYSCALL(__NR_geteuid, sys_geteuid)
__SYSCALL(__NR_getegid, sys_getegid)
__SYSCALL(__NR_arch_prctl, sys_arch_prctl)
__SYSCALL(__NR_setrlimit, sys_setrlimit)
__SYSCALL(__NR_gettid, sys_gettid)
__SYSCALL(__NR_time, sys_time)
__SYSCALL(__NR_clock_gettime, sys_clock_gettime)
__SYSCALL(__NR_clock_getres, sys_clock_getres)
__SYSCALL(__NR_clock_nanosleep, sys_clock_nanosleep)
__SYSCALL(__NR_exit_group, sys_exit_group)
__SYSCALL(__NR_prlimit64, sys_prlimit64)
__SYSCALL(__NR_getrandom, sys_getrandom)
