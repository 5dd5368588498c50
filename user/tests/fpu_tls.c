/*
 * FPU and TLS state across context switches between processes.
 *
 * NPROC processes (many more than ringlet's CPUs, so several share each
 * CPU) are released together and each, in ROUNDS rounds, loads values of
 * its own into XMM8-XMM15, the x87 stack and control word and MXCSR, then
 * yields (sched_yield) YIELDS times inside one asm block, so nothing but a
 * context switch could change those registers, and reads them back.  Each
 * also keeps a __thread counter (musl's TLS, through %fs) that must
 * advance only by its own hand, checks %fs:0 (the thread pointer's self
 * pointer) against arch_prctl(ARCH_GET_FS), and for one round points %fs
 * at a block of its own (ARCH_SET_FS) and reads it back across the yields.
 *
 * A process exits 0 iff its state never changed; the parent checks them all.
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

#define NPROC 24
#define ROUNDS 12
#define YIELDS 16
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static __thread uint64_t tls_counter = 12345;

struct fpstate {
	uint64_t xmm[16];	/* XMM8..XMM15, two quadwords each */
	double x87;
	uint32_t mxcsr;
	uint16_t fcw;
};

/*
 * Loads in's registers, yields n times with raw system calls, stores them
 * to out.  One asm statement, so the compiler cannot touch the registers
 * in between; the syscall instruction clobbers only rax, rcx and r11.
 */
static void load_yield_store(const struct fpstate *in, struct fpstate *out, long n)
{
	__asm__ volatile("movdqu 0(%[in]), %%xmm8\n\t"
			 "movdqu 16(%[in]), %%xmm9\n\t"
			 "movdqu 32(%[in]), %%xmm10\n\t"
			 "movdqu 48(%[in]), %%xmm11\n\t"
			 "movdqu 64(%[in]), %%xmm12\n\t"
			 "movdqu 80(%[in]), %%xmm13\n\t"
			 "movdqu 96(%[in]), %%xmm14\n\t"
			 "movdqu 112(%[in]), %%xmm15\n\t"
			 "fldcw 140(%[in])\n\t"
			 "fldl 128(%[in])\n\t"
			 "ldmxcsr 136(%[in])\n\t"
			 "1: movl %[nr], %%eax\n\t"
			 "syscall\n\t"
			 "dec %[n]\n\t"
			 "jnz 1b\n\t"
			 "movdqu %%xmm8, 0(%[out])\n\t"
			 "movdqu %%xmm9, 16(%[out])\n\t"
			 "movdqu %%xmm10, 32(%[out])\n\t"
			 "movdqu %%xmm11, 48(%[out])\n\t"
			 "movdqu %%xmm12, 64(%[out])\n\t"
			 "movdqu %%xmm13, 80(%[out])\n\t"
			 "movdqu %%xmm14, 96(%[out])\n\t"
			 "movdqu %%xmm15, 112(%[out])\n\t"
			 "fstpl 128(%[out])\n\t"
			 "fnstcw 140(%[out])\n\t"
			 "stmxcsr 136(%[out])\n\t"
			 "fldcw 140(%[def])\n\t"
			 "ldmxcsr 136(%[def])"
			 : [n] "+r"(n)
			 : [in] "r"(in), [out] "r"(out), [nr] "i"(SYS_sched_yield),
			   [def] "r"(&(const struct fpstate){ .mxcsr = 0x1f80, .fcw = 0x37f })
			 : "rax", "rcx", "r11", "memory", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
			   "xmm13", "xmm14", "xmm15", "st");
}

static long raw_arch_prctl(long code, unsigned long addr)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"((long)SYS_arch_prctl), "D"(code), "S"(addr)
			 : "rcx", "r11", "memory");
	return ret;
}

/*
 * With %fs pointing at block (its first word its own address, as a TCB's),
 * yields n times and returns %fs:8.  No libc call in between: musl's errno
 * lives behind %fs.
 */
static uint64_t yield_with_own_fs(uint64_t *block, long n)
{
	unsigned long old = 0;
	uint64_t got = 0;

	if (raw_arch_prctl(ARCH_GET_FS, (unsigned long)&old) ||
	    raw_arch_prctl(ARCH_SET_FS, (unsigned long)block))
		return 0;
	__asm__ volatile("1: movl %[nr], %%eax\n\t"
			 "syscall\n\t"
			 "dec %[n]\n\t"
			 "jnz 1b\n\t"
			 "movq %%fs:8, %[got]"
			 : [n] "+r"(n), [got] "=r"(got)
			 : [nr] "i"(SYS_sched_yield)
			 : "rax", "rcx", "r11", "memory");
	raw_arch_prctl(ARCH_SET_FS, old);
	return got;
}

/* One process's run: returns the number of differences it saw. */
static int worker(int id)
{
	struct fpstate in, out;
	uint64_t block[4], fs = 0, self_ptr;
	int bad = 0;

	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < 16; i++)
			in.xmm[i] = 0x0101010101010101ULL * (uint64_t)(id + 1) ^
				    ((uint64_t)r << 32) ^ (uint64_t)i;
		in.x87 = (double)id * 1000.0 + r + 0.25;
		/* Rounding (bits 13-14), FTZ and DAZ vary; all exceptions stay masked. */
		in.mxcsr = 0x1f80 | (uint32_t)((id + r) % 4) << 13 | ((id & 1) ? 0x8040 : 0);
		/* x87 rounding (bits 10-11) and precision (bits 8-9); exceptions masked. */
		in.fcw = (uint16_t)(0x7f | ((id + r) % 4) << 10 | (id % 2 ? 0x200 : 0x300));
		memset(&out, 0, sizeof(out));
		tls_counter += (uint64_t)id;
		load_yield_store(&in, &out, YIELDS);
		bad += memcmp(in.xmm, out.xmm, sizeof(in.xmm)) != 0;
		bad += in.x87 != out.x87;
		bad += in.mxcsr != out.mxcsr;
		bad += in.fcw != out.fcw;
		bad += tls_counter != 12345 + (uint64_t)id * (uint64_t)(r + 1);
		if (bad) {
			fprintf(stderr, "process %d round %d: %d differences\n", id, r, bad);
			return bad;
		}
	}
	/* The thread pointer: %fs:0 is its own address, as ARCH_GET_FS reports it. */
	__asm__ volatile("movq %%fs:0, %0" : "=r"(self_ptr));
	bad += syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) != 0 || fs != self_ptr;
	block[0] = (uint64_t)block;
	block[1] = 0xf5f5000000000000ULL | (uint64_t)id;
	bad += yield_with_own_fs(block, YIELDS) != block[1];
	__asm__ volatile("movq %%fs:0, %0" : "=r"(self_ptr));
	bad += self_ptr != fs;		/* and musl's own came back */
	return bad;
}

int main(void)
{
	pid_t pids[NPROC];
	int go[2];
	char c;

	CHECK_OK(pipe(go));
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(go[1]);
			/* All start together: the parent's close is the starting signal. */
			if (read(go[0], &c, 1) != 0)
				_exit(2);
			_exit(worker(i) ? 1 : 0);
		}
		CHECK(pids[i] > 0);
	}
	close(go[0]);
	close(go[1]);
	/* The parent's own state too, while the others run. */
	CHECK_EQ(worker(NPROC), 0);
	for (int i = 0; i < NPROC; i++) {
		int status = -1;

		CHECK_EQ(waitpid(pids[i], &status, 0), pids[i]);
		CHECK_EQ(status, 0);
	}
	return t_exit();
}
