/*
 * Signal handlers: sigaction with SA_SIGINFO and kill to self (the handler
 * runs before kill returns, with the signal blocked inside it), sigprocmask
 * holding a signal pending until it is unblocked (standard signals do not
 * queue), SIG_IGN (also across execve, "ign-check" mode), a SIGCHLD handler
 * with sigsuspend as shells wait for children, SIGCHLD ignored reaping
 * children by itself, SIGSEGV's default action, and a handler's return
 * through rt_sigreturn giving back every register and the FPU state it
 * interrupted, while the handler itself starts with a clean FPU.
 *
 * siginfo is checked for si_signo and, for kill, si_code SI_USER only:
 * that is all ringlet records of a signal's origin.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

static volatile sig_atomic_t hits, hit_signo, hit_code, blocked_inside, chld_hits;
static volatile uintptr_t hit_uc;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	sigset_t now;

	hits++;
	hit_signo = si->si_signo == sig ? sig : -1;
	hit_code = si->si_code;
	hit_uc = (uintptr_t)uc;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
}

static void chld_handler(int sig)
{
	(void)sig;
	chld_hits++;
}

static void set_action(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(sig, &sa, NULL));
}

static void siginfo_and_kill_self(void)
{
	struct sigaction old;

	set_action(SIGUSR1, info_handler);
	CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_flags & SA_SIGINFO);
	CHECK(old.sa_sigaction == info_handler);
	hits = 0;
	CHECK_OK(kill(getpid(), SIGUSR1));
	/* Delivered on the way out of kill itself. */
	CHECK_EQ(hits, 1);
	CHECK_EQ(hit_signo, SIGUSR1);
	CHECK_EQ(hit_code, SI_USER);
	CHECK(hit_uc != 0);
	CHECK_EQ(blocked_inside, 1);
	/* and unblocked again after the handler returned */
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(hits, 2);
	/* Errors: a bad signal number, SIGKILL's action. */
	CHECK_ERR(sigaction(SIGKILL, &old, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);	/* sigsetsize */
	signal(SIGUSR1, SIG_DFL);
}

static void mask_holds_pending(void)
{
	sigset_t set, old;

	set_action(SIGUSR2, info_handler);
	hits = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK(!sigismember(&old, SIGUSR2));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_EQ(hits, 0);		/* blocked: pending, not run */
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(hits, 1);		/* run at the unblock, once: not queued twice */
	/* SIGKILL and SIGSTOP cannot be blocked: the kernel drops them from the mask. */
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	CHECK_OK(sigprocmask(SIG_SETMASK, &set, NULL));
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, &set));
	CHECK(sigismember(&set, SIGUSR2));
	CHECK(!sigismember(&set, SIGKILL));
	CHECK(!sigismember(&set, SIGSTOP));
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 3, &set, NULL, 8), EINVAL);	/* bad how */
	signal(SIGUSR2, SIG_DFL);
}

/* tkill, tgkill (raise and abort use them) and rt_sigpending, through raw syscall(). */
static void thread_kills_and_sigpending(void)
{
	sigset_t set, old, pend;
	pid_t me = getpid();
	uint64_t raw = ~0ULL;

	set_action(SIGUSR2, info_handler);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR2));
	hits = 0;
	CHECK_OK(syscall(SYS_tkill, me, SIGUSR2));	/* a one-thread process: its tid is its pid */
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR2));
	CHECK_OK(syscall(SYS_rt_sigpending, &raw, 8));
	CHECK_EQ(raw, 1ULL << (SIGUSR2 - 1));
	CHECK_OK(syscall(SYS_rt_sigpending, &raw, 4));	/* shorter sizes are Linux's too */
	CHECK_ERR(syscall(SYS_rt_sigpending, &raw, 9), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigpending, (void *)8, 8), EFAULT);
	CHECK_EQ(hits, 0);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK_EQ(hits, 1);
	CHECK_OK(syscall(SYS_tgkill, me, me, SIGUSR2));
	CHECK_EQ(hits, 2);
	CHECK_OK(syscall(SYS_tgkill, me, me, 0));	/* existence only */
	CHECK_ERR(syscall(SYS_tkill, 0, SIGUSR2), EINVAL);
	CHECK_ERR(syscall(SYS_tkill, -1, SIGUSR2), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, 0, me, SIGUSR2), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, me, 0, SIGUSR2), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, me + 100000, me, SIGUSR2), ESRCH);	/* not its group */
	CHECK_ERR(syscall(SYS_tkill, 0x3fffffff, SIGUSR2), ESRCH);
	CHECK_ERR(syscall(SYS_tkill, me, 65), EINVAL);
	signal(SIGUSR2, SIG_DFL);
}

static void ignored(const char *self)
{
	char *argv[] = { (char *)self, "ign-check", NULL };
	int status = -1;
	pid_t pid;

	CHECK(signal(SIGUSR1, SIG_IGN) == SIG_DFL);
	CHECK_OK(kill(getpid(), SIGUSR1));	/* nothing happens: we are still here */
	pid = fork();
	if (pid == 0) {
		execve(self, argv, (char *[]){ NULL });
		_exit(99);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 0);
	signal(SIGUSR1, SIG_DFL);
	/* A default action kills: the same signal, no longer ignored. */
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1);
}

/* "ign-check": SIG_IGN survived execve; a caught signal would have been reset. */
static int ign_check(void)
{
	struct sigaction sa;

	if (sigaction(SIGUSR1, NULL, &sa) || sa.sa_handler != SIG_IGN)
		return 1;
	kill(getpid(), SIGUSR1);
	return 0;
}

/* As a shell waits: SIGCHLD blocked, fork, sigsuspend until the handler ran, then reap. */
static void sigchld_and_sigsuspend(void)
{
	struct sigaction sa = { .sa_handler = chld_handler };
	sigset_t block, old, wait_mask;
	int status = -1;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, &old));
	chld_hits = 0;
	pid = fork();
	if (pid == 0)
		_exit(7);
	wait_mask = old;
	sigdelset(&wait_mask, SIGCHLD);
	while (!chld_hits)
		CHECK_ERR(sigsuspend(&wait_mask), EINTR);
	CHECK_EQ(chld_hits, 1);
	/* sigsuspend put the old mask back: SIGCHLD is blocked again. */
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &block));
	CHECK(sigismember(&block, SIGCHLD));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(status, 7 << 8);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	signal(SIGCHLD, SIG_DFL);
	/* SIGCHLD ignored: children reap themselves, wait4 waits for them and finds none. */
	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(0);
	CHECK_ERR(wait4(-1, &status, 0, NULL), ECHILD);
	signal(SIGCHLD, SIG_DFL);
}

static void segv_default_kills(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int *volatile bad = (int *)16;	/* volatile: the compiler must not see it */

		*bad = 1;
		_exit(1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGSEGV);
}

/* ---- rt_sigreturn gives back what the handler clobbered ---- */

struct regs_fp {
	uint64_t gpr[6];	/* rbx, rbp, r12..r15 */
	uint64_t xmm[4];	/* xmm0, xmm7 */
	uint32_t mxcsr;
	uint16_t fcw;
};

static volatile uint32_t handler_mxcsr;
static volatile uint16_t handler_fcw;

static void clobber_handler(int sig)
{
	uint32_t m = 0x7f80;	/* round toward zero, FTZ off */
	uint16_t cw = 0xc7f;

	(void)sig;
	__asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(handler_mxcsr), "=m"(handler_fcw));
	__asm__ volatile("ldmxcsr %0\n\t"
			 "fldcw %1\n\t"
			 "pcmpeqd %%xmm0, %%xmm0\n\t"
			 "pcmpeqd %%xmm7, %%xmm7\n\t"
			 "movq $-1, %%rbx\n\t"
			 "movq $-1, %%r12\n\t"
			 "movq $-1, %%r13\n\t"
			 "movq $-1, %%r14\n\t"
			 "movq $-1, %%r15"
			 :
			 : "m"(m), "m"(cw)
			 : "xmm0", "xmm7", "rbx", "r12", "r13", "r14", "r15");
}

static void sigreturn_restores(void)
{
	struct regs_fp in = {
		.gpr = { 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666 },
		.xmm = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0xa5a5a5a5a5a5a5a5ULL,
			 0x5a5a5a5a5a5a5a5aULL },
		.mxcsr = 0x5f80,	/* round up */
		.fcw = 0x77f,		/* round down, extended precision */
	};
	struct regs_fp out;
	void *pin = &in, *pout = &out;
	struct sigaction sa = { .sa_handler = clobber_handler };

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	memset(&out, 0, sizeof(out));
	/*
	 * rbp is saved by hand (the compiler may use it as the frame pointer); the
	 * kill is a raw system call, so the handler runs between these loads and stores.
	 */
	__asm__ volatile("subq $128, %%rsp\n\t"	/* keep clear of the red zone */
			 "pushq %%rbp\n\t"
			 "pushq %[out]\n\t"
			 "movq 0(%[in]), %%rbx\n\t"
			 "movq 8(%[in]), %%rbp\n\t"
			 "movq 16(%[in]), %%r12\n\t"
			 "movq 24(%[in]), %%r13\n\t"
			 "movq 32(%[in]), %%r14\n\t"
			 "movq 40(%[in]), %%r15\n\t"
			 "movdqu 48(%[in]), %%xmm0\n\t"
			 "movdqu 64(%[in]), %%xmm7\n\t"
			 "ldmxcsr 80(%[in])\n\t"
			 "fldcw 84(%[in])\n\t"
			 "movl %[nr_getpid], %%eax\n\t"
			 "syscall\n\t"
			 "movq %%rax, %%rdi\n\t"
			 "movl %[sig], %%esi\n\t"
			 "movl %[nr_kill], %%eax\n\t"
			 "syscall\n\t"
			 "popq %%rax\n\t"	/* out */
			 "movq %%rbx, 0(%%rax)\n\t"
			 "movq %%rbp, 8(%%rax)\n\t"
			 "movq %%r12, 16(%%rax)\n\t"
			 "movq %%r13, 24(%%rax)\n\t"
			 "movq %%r14, 32(%%rax)\n\t"
			 "movq %%r15, 40(%%rax)\n\t"
			 "movdqu %%xmm0, 48(%%rax)\n\t"
			 "movdqu %%xmm7, 64(%%rax)\n\t"
			 "stmxcsr 80(%%rax)\n\t"
			 "fnstcw 84(%%rax)\n\t"
			 "popq %%rbp\n\t"
			 "addq $128, %%rsp"
			 : [in] "+S"(pin), [out] "+D"(pout)
			 : [nr_getpid] "i"(SYS_getpid), [nr_kill] "i"(SYS_kill), [sig] "i"(SIGUSR2)
			 : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rbx", "r12", "r13",
			   "r14", "r15", "xmm0", "xmm7", "memory");
	/* Put the defaults back for the C code that follows. */
	__asm__ volatile("ldmxcsr %0\n\tfldcw %1"
			 :
			 : "m"((uint32_t){ 0x1f80 }), "m"((uint16_t){ 0x37f }));
	for (int i = 0; i < 6; i++)
		CHECK_EQ(out.gpr[i], in.gpr[i]);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(out.xmm[i], in.xmm[i]);
	CHECK_EQ(out.mxcsr, in.mxcsr);
	CHECK_EQ(out.fcw, in.fcw);
	/* The handler began with Linux's clean FPU, not the interrupted code's. */
	CHECK_EQ(handler_mxcsr, 0x1f80);
	CHECK_EQ(handler_fcw, 0x37f);
	signal(SIGUSR2, SIG_DFL);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "ign-check"))
		return ign_check();
	siginfo_and_kill_self();
	mask_holds_pending();
	thread_kills_and_sigpending();
	ignored(argv[0]);
	sigchld_and_sigsuspend();
	segv_default_kills();
	sigreturn_restores();
	return t_exit();
}
