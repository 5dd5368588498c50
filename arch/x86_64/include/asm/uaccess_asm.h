/*
 * Assembler macros for user access, for entry.S and copy_user.S (this file
 * is assembler only, so clang-format leaves it alone):
 *   ASM_STAC / ASM_CLAC   open / close user access under SMAP (<asm/smap.h>)
 *   _ASM_EXTABLE          list a faulting instruction and its fixup
 *                         (<asm/extable.h>)
 */
#ifndef ASM_UACCESS_ASM_H
#define ASM_UACCESS_ASM_H

/* Set AC: the next user access is meant.  Clobbers the arithmetic flags. */
.macro ASM_STAC
	testb	$1, x86_smap_enabled(%rip)
	jz	.Lno_stac\@
	stac
.Lno_stac\@:
.endm

/* Clear AC: back to faulting on any user access.  Clobbers the arithmetic flags. */
.macro ASM_CLAC
	testb	$1, x86_smap_enabled(%rip)
	jz	.Lno_clac\@
	clac
.Lno_clac\@:
.endm

/* Declares that the instruction at label from may fault; resume at label to. */
.macro _ASM_EXTABLE from, to
	.pushsection __ex_table, "a"
	.balign 8
	.quad	\from, \to
	.popsection
.endm

#endif
