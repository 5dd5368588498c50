/*
 * The file system calls from ring 3 (suite read_write_ring3): a small
 * program, in the assembly below, runs as a user thread and makes the
 * calls through SYSCALL with Linux's registers, as a static binary would:
 * openat, write, lseek, read, fstat, close, pipe2, getcwd, unlink.  Its
 * pointers are user pointers under USER_DS, so this also proves that a
 * kernel address given as a buffer or a path is -EFAULT, not a kernel
 * access.  The program reports through its exit status: 0, or the number
 * of the check that failed.
 *
 * Memory: the code page at R3_CODE, the data page at R3_DATA (path at
 * +0x100, buffer at +0x200, pipe fds at +0x300, struct stat at +0x400),
 * one stack page below R3_STACK_TOP.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "sched.h"
#include "task.h"
#include "vm.h"
#include "mm.h"
#include "timer.h"
#include "string.h"
#include "smp.h"
#include "errno.h"
#include <asm/pgtable.h>
#include <asm/unistd.h>

#define R3_CODE		0x400000UL
#define R3_DATA		0x600000UL
#define R3_STACK_TOP	0x800000UL
#define STR(x)		#x
#define XSTR(x)		STR(x)

/*
 * The program, one instruction a line (clang-format would fold the
 * strings).  R3_CALL_EXPECT: rax = nr(rdi, rsi, rdx, r10); exit_group(code)
 * unless rax == want.
 */
/* clang-format off */
#define R3_CALL_EXPECT(want, code) \
	"syscall\n\t" \
	"cmpq $" #want ", %rax\n\t" \
	"movl $" #code ", %edi\n\t" \
	"jne 9f\n\t"

asm(".section .rodata\n"
    ".balign 16\n"
    "fs_r3_prog:\n\t"
    /* 1: fd = openat(AT_FDCWD, path, O_RDWR|O_CREAT|O_TRUNC, 0644) == 0 */
    "movl $" XSTR(__NR_openat) ", %eax\n\t"
    "movq $-100, %rdi\n\t"
    "movq $0x600100, %rsi\n\t"
    "movq $01102, %rdx\n\t"
    "movq $0644, %r10\n\t"
    R3_CALL_EXPECT(0, 1)
    /* 2: write(0, path, 8) == 8 */
    "movl $" XSTR(__NR_write) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    "movq $0x600100, %rsi\n\t"
    "movq $8, %rdx\n\t"
    R3_CALL_EXPECT(8, 2)
    /* 3: lseek(0, 0, SEEK_SET) == 0 */
    "movl $" XSTR(__NR_lseek) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    "xorl %esi, %esi\n\t"
    "xorl %edx, %edx\n\t"
    R3_CALL_EXPECT(0, 3)
    /* 4: read(0, buf, 64) == 8, and 5: the bytes are the path's */
    "movl $" XSTR(__NR_read) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    "movq $0x600200, %rsi\n\t"
    "movq $64, %rdx\n\t"
    R3_CALL_EXPECT(8, 4)
    "movq 0x600200, %rax\n\t"
    "cmpq 0x600100, %rax\n\t"
    "movl $5, %edi\n\t"
    "jne 9f\n\t"
    /* 6: fstat(0, st) == 0 with st_size (offset 48) 8 */
    "movl $" XSTR(__NR_fstat) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    "movq $0x600400, %rsi\n\t"
    R3_CALL_EXPECT(0, 6)
    "cmpq $8, 0x600430\n\t"
    "movl $6, %edi\n\t"
    "jne 9f\n\t"
    /* 7: write(0, a kernel address, 1) == -EFAULT */
    "movl $" XSTR(__NR_write) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    "movabsq $0xffff800000100000, %rsi\n\t"
    "movq $1, %rdx\n\t"
    R3_CALL_EXPECT(-14, 7)
    /* 8: openat with a kernel address as the path == -EFAULT */
    "movl $" XSTR(__NR_openat) ", %eax\n\t"
    "movq $-100, %rdi\n\t"
    "movabsq $0xffff800000100000, %rsi\n\t"
    "xorl %edx, %edx\n\t"
    R3_CALL_EXPECT(-14, 8)
    /* 9: close(0) == 0, 10: again == -EBADF */
    "movl $" XSTR(__NR_close) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    R3_CALL_EXPECT(0, 9)
    "movl $" XSTR(__NR_close) ", %eax\n\t"
    "xorl %edi, %edi\n\t"
    R3_CALL_EXPECT(-9, 10)
    /* 11: pipe2(fds, O_NONBLOCK) == 0, then an empty read == -EAGAIN */
    "movl $" XSTR(__NR_pipe2) ", %eax\n\t"
    "movq $0x600300, %rdi\n\t"
    "movq $04000, %rsi\n\t"
    R3_CALL_EXPECT(0, 11)
    "movl $" XSTR(__NR_read) ", %eax\n\t"
    "movl 0x600300, %edi\n\t"
    "movq $0x600200, %rsi\n\t"
    "movq $1, %rdx\n\t"
    R3_CALL_EXPECT(-11, 11)
    /* 12: getcwd(buf, 64) == 2 ("/") */
    "movl $" XSTR(__NR_getcwd) ", %eax\n\t"
    "movq $0x600200, %rdi\n\t"
    "movq $64, %rsi\n\t"
    R3_CALL_EXPECT(2, 12)
    /* 13: unlink(path) == 0 */
    "movl $" XSTR(__NR_unlink) ", %eax\n\t"
    "movq $0x600100, %rdi\n\t"
    R3_CALL_EXPECT(0, 13)
    "xorl %edi, %edi\n"
    "9:\n\t"
    "movl $" XSTR(__NR_exit_group) ", %eax\n\t"
    "syscall\n"
    "fs_r3_prog_end:\n"
    ".previous\n");
/* clang-format on */

extern const char fs_r3_prog[], fs_r3_prog_end[];

static bool map_page(struct mm_struct *mm, unsigned long va, unsigned int prot)
{
	return mmap_region(mm, va, PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) ==
	       (long)va;
}

/* Runs the program on cpu in a fresh address space; its wait4 status, or -1. */
static int run_program(int cpu)
{
	struct mm_struct *mm = mm_alloc();
	struct task *t;
	int status;

	if (!mm)
		return -1;
	if (!map_page(mm, R3_CODE, PROT_READ | PROT_EXEC) ||
	    !map_page(mm, R3_DATA, PROT_READ | PROT_WRITE) ||
	    !map_page(mm, R3_STACK_TOP - PAGE_SIZE, PROT_READ | PROT_WRITE)) {
		mmput(mm);
		return -1;
	}
	memcpy(__va(user_page_frame(mm->pgd, R3_CODE)), fs_r3_prog,
	       (size_t)((uintptr_t)fs_r3_prog_end - (uintptr_t)fs_r3_prog));
	strlcpy((char *)__va(user_page_frame(mm->pgd, R3_DATA)) + 0x100, "/r3file", 8);
	t = user_thread_create(mm, R3_CODE, R3_STACK_TOP, cpu, "fs-ring3");
	if (!t) {
		mmput(mm);
		return -1;
	}
	wake_up_process(t);
	wait_for_completion(&t->exited);
	status = kthread_stop(t);
	/* The CPU keeps the address space loaded until it loads another (lazy TLB). */
	while (READ_ONCE(per_cpu(active_mm, cpu)))
		msleep(1);
	return status;
}

KTEST(read_write_ring3, calls_from_a_user_program)
{
	struct files_struct *saved = current->files;
	long live = nr_files_live();

	current->files = files_alloc(16);	/* the program's table (user threads share it) */
	ASSERT_NOT_NULL(current->files);
	EXPECT_EQ(run_program(num_online_cpus() - 1), 0);	/* exit(0): every check passed */
	EXPECT_EQ(sys_unlink("/r3file"), -ENOENT);	/* the program removed it (else: now) */
	files_put(current->files);
	current->files = saved;
	EXPECT_EQ(nr_files_live(), live);
}
