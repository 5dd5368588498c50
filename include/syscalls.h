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

/*
 * kernel/fs: the file system calls that other calls or the tests call
 * directly (struct stat: uapi/stat.h; struct iovec: uapi/io_uring.h).
 */
struct stat;
struct iovec;
struct linux_dirent64;
long sys_read(unsigned int fd, char __user *buf, size_t count);
long sys_readv(unsigned long fd, const struct iovec __user *vec, unsigned long vlen);
long sys_writev(unsigned long fd, const struct iovec __user *vec, unsigned long vlen);
long sys_pread64(unsigned int fd, char __user *buf, size_t count, long pos);
long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, long pos);
long sys_lseek(unsigned int fd, long offset, unsigned int whence);
long sys_fsync(unsigned int fd);
long sys_fdatasync(unsigned int fd);
long sys_open(const char __user *filename, int flags, unsigned int mode);
long sys_openat(int dfd, const char __user *filename, int flags, unsigned int mode);
long sys_creat(const char __user *pathname, unsigned int mode);
long sys_close(unsigned int fd);
long sys_faccessat(int dfd, const char __user *filename, int mode);
long sys_access(const char __user *filename, int mode);
long sys_fchmodat(int dfd, const char __user *filename, unsigned int mode);
long sys_chmod(const char __user *filename, unsigned int mode);
long sys_fchmod(unsigned int fd, unsigned int mode);
long sys_chdir(const char __user *filename);
long sys_fchdir(unsigned int fd);
long sys_truncate(const char __user *path, long length);
long sys_ftruncate(unsigned int fd, unsigned long length);
long sys_getcwd(char __user *buf, unsigned long size);
long sys_umask(int mask);
long sys_fstat(unsigned int fd, struct stat __user *statbuf);
long sys_stat(const char __user *filename, struct stat __user *statbuf);
long sys_lstat(const char __user *filename, struct stat __user *statbuf);
long sys_newfstatat(int dfd, const char __user *filename, struct stat __user *statbuf, int flag);
long sys_mkdir(const char __user *pathname, unsigned int mode);
long sys_mkdirat(int dfd, const char __user *pathname, unsigned int mode);
long sys_rmdir(const char __user *pathname);
long sys_unlink(const char __user *pathname);
long sys_unlinkat(int dfd, const char __user *pathname, int flag);
long sys_rename(const char __user *oldname, const char __user *newname);
long sys_renameat(int olddfd, const char __user *oldname, int newdfd, const char __user *newname);
long sys_renameat2(int olddfd, const char __user *oldname, int newdfd, const char __user *newname,
		   unsigned int flags);
long sys_symlink(const char __user *oldname, const char __user *newname);
long sys_symlinkat(const char __user *oldname, int newdfd, const char __user *newname);
long sys_readlink(const char __user *path, char __user *buf, int bufsiz);
long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int bufsiz);
long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent, unsigned int count);
long sys_dup(unsigned int fildes);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_pipe(int __user *fildes);
long sys_pipe2(int __user *fildes, int flags);
/* kernel/sched/sched.c: lets other tasks on this CPU run first; always 0. */
long sys_sched_yield(void);
/* kernel/sched/pid.c: the task's process ID and thread ID (the same: one thread per process). */
long sys_getpid(void);
long sys_gettid(void);
/* kernel/sched/pid.c: the parent's pid; process groups and sessions (Linux's rules and errnos). */
long sys_getppid(void);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_getsid(int pid);
long sys_setsid(void);
/* kernel/sched/pid.c: record the C library's start-up pointers; the tid / 0 or -EINVAL. */
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
/* kernel/sched/signal.c: kill(2); sigsets are 8 bytes (sigsetsize 8, else -EINVAL). */
struct k_sigaction;
long sys_kill(int pid, int sig);
long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const uint64_t __user *nset, uint64_t __user *oset,
			size_t sigsetsize);
/* kernel/sched/signal.c: sleep until a signal; always -EINTR (or the sigsetsize/EFAULT errors). */
long sys_pause(void);
long sys_rt_sigsuspend(const uint64_t __user *unewset, size_t sigsetsize);
/* arch/x86_64/signal.c: back from a signal handler: the saved registers (RAX included). */
long sys_rt_sigreturn(void);
/* kernel/sched/wait4.c: reap a child; its pid (waitid: 0), 0 (WNOHANG) or -errno. */
struct rusage;
long sys_wait4(int pid, int __user *stat_addr, int options, struct rusage __user *ru);
struct waitid_info;
long sys_waitid(int which, int upid, struct waitid_info __user *infop, int options,
		struct rusage __user *ru);
/* kernel/sched/fork.c: a new process; the child's pid in the parent, 0 in the child. */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       int __user *child_tid, unsigned long tls);
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

/*
 * The small system calls of issue 13 (Linux 6.1's semantics and errnos;
 * the structures are in include/uapi/).
 */
struct __kernel_timespec;
struct __kernel_old_timeval;
struct timezone;
struct new_utsname;
struct rlimit;
struct rlimit64;
struct sysinfo;
/* kernel/time/clock.c: the clocks; -EINVAL for a clock not served, -EFAULT. */
long sys_clock_gettime(int which_clock, struct __kernel_timespec __user *tp);
long sys_clock_getres(int which_clock, struct __kernel_timespec __user *tp);
long sys_gettimeofday(struct __kernel_old_timeval __user *tv, struct timezone __user *tz);
long sys_time(long __user *tloc);
/* kernel/time/nanosleep.c: sleeps; -EINTR when signal_task()ed (the rest in rmtp). */
long sys_clock_nanosleep(int which_clock, int flags, const struct __kernel_timespec __user *rqtp,
			 struct __kernel_timespec __user *rmtp);
long sys_nanosleep(const struct __kernel_timespec __user *rqtp,
		   struct __kernel_timespec __user *rmtp);
/* kernel/init/utsname.c: "Linux" "ringlet" "6.1.0-ringlet" ... */
long sys_newuname(struct new_utsname __user *name);
/* kernel/sched/cred.c: every process is root: 0. */
long sys_getuid(void);
long sys_getgid(void);
long sys_geteuid(void);
long sys_getegid(void);
long sys_getgroups(int gidsetsize, unsigned int __user *grouplist);	/* none: 0 */
/* kernel/sched/rlimit.c: one system-wide table (include/rlimit.h). */
long sys_prlimit64(int pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim);
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_setrlimit(unsigned int resource, struct rlimit __user *rlim);
/* kernel/sched/sysinfo.c: uptime and memory; what is not kept reads 0. */
long sys_sysinfo(struct sysinfo __user *info);
/* kernel/random/random.c: ChaCha20 bytes; count written, or -EINVAL/-EFAULT. */
long sys_getrandom(char __user *ubuf, size_t len, unsigned int flags);

/* kernel/sched/sys.c: PR_SET_NAME/PR_GET_NAME (others -EINVAL); the CPU and node 0. */
long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5);
long sys_getcpu(unsigned int __user *cpup, unsigned int __user *nodep, void __user *unused);

/* kernel/fs/sendfile.c: bytes copied from a seekable in_fd to out_fd, or -errno. */
long sys_sendfile(int out_fd, int in_fd, long long __user *offset, size_t count);

/* kernel/net/socket.c: the socket calls, AF_UNIX only (struct user_msghdr: uapi/socket.h). */
struct user_msghdr;
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int __user *usockvec);
long sys_sendto(int fd, void __user *buff, size_t len, unsigned int flags, void __user *addr,
		int addr_len);
long sys_recvfrom(int fd, void __user *ubuf, size_t size, unsigned int flags, void __user *addr,
		  int __user *addr_len);
long sys_sendmsg(int fd, struct user_msghdr __user *msg, unsigned int flags);
long sys_recvmsg(int fd, struct user_msghdr __user *msg, unsigned int flags);
long sys_shutdown(int fd, int how);
long sys_getsockopt(int fd, int level, int optname, char __user *optval, int __user *optlen);
/* kernel/fs/select.c: the count of descriptors with events, 0 (timeout), -EINTR or -errno. */
struct pollfd;
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs);
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, struct __kernel_timespec __user *tsp,
	       const uint64_t __user *sigmask, size_t sigsetsize);

#endif
