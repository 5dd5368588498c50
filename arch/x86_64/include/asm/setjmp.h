/*
 * setjmp/longjmp for the kernel: ktest uses them to abandon a test (failed
 * ASSERT, expected oops) and return to the runner's frame.  The buffer
 * holds the callee-saved registers, the stack pointer, the resume address
 * and RFLAGS: longjmp from an exception handler (interrupts off) restores
 * the interrupt flag of the setjmp caller.
 */
#ifndef SETJMP_H
#define SETJMP_H

#include "compiler.h"

typedef unsigned long jmp_buf[9];

int setjmp(jmp_buf env) __attribute__((returns_twice));
__noreturn void longjmp(jmp_buf env, int val);

#endif
