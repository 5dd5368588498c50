/*
 * How a system call's C function gets its arguments from the registers
 * (Linux's arch/x86/include/asm/syscall_wrapper.h, much reduced).
 *
 * SYSCALL_DEFINEn(name, type1, arg1, ...) (include/syscalls.h) defines
 * three functions:
 *   - __x64_sys_name(regs): what the table calls.  It passes the argument
 *     registers in the ABI's order, RDI RSI RDX R10 R8 R9, as unsigned
 *     longs;
 *   - __se_sys_name(long...): converts each to the declared type (an int
 *     argument takes the register's low 32 bits, as Linux does: a program
 *     may leave garbage in the upper half);
 *   - sys_name(type arg...): the body, an ordinary function the kernel's
 *     own code and tests may call too.
 */
#ifndef ASM_SYSCALL_WRAPPER_H
#define ASM_SYSCALL_WRAPPER_H

#include <asm/ptrace.h>

/* Applies m to each (type, name) pair: __MAP(2, m, t1, a1, t2, a2) is m(t1, a1), m(t2, a2). */
#define __MAP0(m, ...)
#define __MAP1(m, t, a, ...) m(t, a)
#define __MAP2(m, t, a, ...) m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...) m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...) m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP5(m, t, a, ...) m(t, a), __MAP4(m, __VA_ARGS__)
#define __MAP6(m, t, a, ...) m(t, a), __MAP5(m, __VA_ARGS__)
#define __MAP(n, ...) __MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a) t a
#define __SC_LONG(t, a) unsigned long a
#define __SC_CAST(t, a) (t)a
#define __SC_ARGS(t, a) a

/* The first x argument registers, in the ABI's order. */
#define SC_X86_64_REGS_TO_ARGS(x)                                                              \
	__MAP(x, __SC_ARGS, , regs->rdi, , regs->rsi, , regs->rdx, , regs->r10, , regs->r8, , \
	      regs->r9)

#define __SYSCALL_DEFINEx(x, name, ...)                                              \
	long sys##name(__MAP(x, __SC_DECL, __VA_ARGS__));                            \
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__));                \
	long __x64_sys##name(const struct pt_regs *regs);                            \
	long __x64_sys##name(const struct pt_regs *regs)                             \
	{                                                                            \
		return __se_sys##name(SC_X86_64_REGS_TO_ARGS(x));                    \
	}                                                                            \
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__))                 \
	{                                                                            \
		return sys##name(__MAP(x, __SC_CAST, __VA_ARGS__));                  \
	}                                                                            \
	long sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

/* A call without arguments ignores regs. */
#define SYSCALL_DEFINE0(sname)                                    \
	long sys_##sname(void);                                   \
	long __x64_sys_##sname(const struct pt_regs *regs);       \
	long __x64_sys_##sname(const struct pt_regs *regs)        \
	{                                                         \
		(void)regs;                                       \
		return sys_##sname();                             \
	}                                                         \
	long sys_##sname(void)

#endif
