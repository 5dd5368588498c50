/*
 * The loops that touch user memory (the C side, with the checks, is
 * kernel/mm/uaccess.c).
 *
 * Each routine opens user access (ASM_STAC), runs one loop whose user
 * load or store may fault, and closes it again (ASM_CLAC).  The faulting
 * instruction is listed in the exception table (<asm/extable.h>): a fault
 * there, a #PF on an unmapped or protected page or a #GP on a
 * non-canonical address, does not oops; the handler moves RIP to the
 * fixup label and IRETs, and the routine returns how far it got.
 *
 * rep movsb and rep stosb make that easy: a fault interrupts them between
 * two bytes with RCX holding the count still to go, so "bytes not copied"
 * is simply RCX at the fixup.  Linux's rep_movs_alternative also copies
 * word by word where rep movsb is slow; ringlet keeps the one loop.
 * These never sleep and never take locks: a fault here is never resolved
 * (ringlet has no demand paging), only fixed up.
 */
#include <asm/uaccess_asm.h>
#include "errno.h"

	.text

/*
 * unsigned long copy_user_generic(void *dst, const void *src, unsigned long len)
 * Copies len bytes; returns the number NOT copied (0 on success).
 */
	.globl	copy_user_generic
	.type	copy_user_generic, @function
copy_user_generic:
	ASM_STAC
	movq	%rdx, %rcx
.Lcopy:
	rep movsb
.Lcopy_end:
	ASM_CLAC
	movq	%rcx, %rax
	ret
	_ASM_EXTABLE .Lcopy, .Lcopy_end
	.size	copy_user_generic, . - copy_user_generic

/*
 * unsigned long clear_user_generic(void *dst, unsigned long len)
 * Zeroes len bytes; returns the number NOT zeroed (0 on success).
 */
	.globl	clear_user_generic
	.type	clear_user_generic, @function
clear_user_generic:
	ASM_STAC
	movq	%rsi, %rcx
	xorl	%eax, %eax
.Lclear:
	rep stosb
.Lclear_end:
	ASM_CLAC
	movq	%rcx, %rax
	ret
	_ASM_EXTABLE .Lclear, .Lclear_end
	.size	clear_user_generic, . - clear_user_generic

/*
 * long strncpy_from_user_generic(char *dst, const char *src, unsigned long max)
 * Copies bytes up to and including a NUL, at most max of them.  Returns
 * the string's length (the NUL's index), max if no NUL came first, or
 * -EFAULT if a load faulted (dst then holds what was read before it).
 */
	.globl	strncpy_from_user_generic
	.type	strncpy_from_user_generic, @function
strncpy_from_user_generic:
	ASM_STAC
	xorl	%eax, %eax		/* bytes copied so far */
.Lstr_next:
	cmpq	%rdx, %rax
	je	.Lstr_end
.Lstr_load:
	movzbl	(%rsi,%rax), %ecx
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	.Lstr_end
	incq	%rax
	jmp	.Lstr_next
.Lstr_fault:
	movq	$-EFAULT, %rax
.Lstr_end:
	ASM_CLAC
	ret
	_ASM_EXTABLE .Lstr_load, .Lstr_fault
	.size	strncpy_from_user_generic, . - strncpy_from_user_generic
