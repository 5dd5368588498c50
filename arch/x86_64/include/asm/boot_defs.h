/*
 * Constants shared by assembly and C: segment selectors, page-table bits,
 * control-register bits and the kernel's virtual address layout.  Only
 * preprocessor definitions, so boot.S and the entry code can include it.
 */
#ifndef BOOT_DEFS_H
#define BOOT_DEFS_H

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_BOOTLOADER_MAGIC	0x36d76289

/*
 * Linux's selector numbers and names, so reports read "RIP: 0010:" as they do
 * there.  (KERNEL_DS without underscores is the address limit, uaccess.h.)
 */
#define __KERNEL_CS		0x10
#define __KERNEL_DS		0x18
/*
 * The user selectors follow in the order SYSRET needs: it loads SS from
 * STAR[63:48] + 8 and a 64-bit CS from STAR[63:48] + 16, so with STAR's
 * user base at __USER32_CS the three must be 32-bit code, data, 64-bit
 * code.  ringlet runs no 32-bit code; the slot exists for that arithmetic.
 * The low two bits of a user selector are its RPL, 3.
 */
#define __USER32_CS		0x23
#define __USER_DS		0x2b
#define __USER_CS		0x33
#define GDT_TSS_SEL		0x40
#define GDT_KERNEL_CODE64	0x00af9a000000ffff
#define GDT_KERNEL_DATA		0x00cf92000000ffff
#define GDT_USER_CODE32		0x00cffa000000ffff	/* DPL 3 */
#define GDT_USER_DATA		0x00cff2000000ffff	/* DPL 3 */
#define GDT_USER_CODE64		0x00affa000000ffff	/* DPL 3, long mode */

#define PTE_P			0x001
#define PTE_W			0x002
#define PTE_U			0x004	/* user page: ring 3 may use it; SMAP/SMEP keep ring 0 out */
#define PTE_PWT			0x008
#define PTE_PCD			0x010
#define PTE_PS			0x080
#define PTE_G			0x100

#define CR0_PE			0x00000001
#define CR0_MP			0x00000002	/* wait/fwait honour TS */
#define CR0_EM			0x00000004	/* x87 emulation: must be 0 for SSE */
#define CR0_TS			0x00000008
#define CR0_WP			0x00010000
#define CR0_PG			0x80000000
#define CR4_PAE			0x00000020
#define CR4_PGE			0x00000080
#define CR4_OSFXSR		0x00000200	/* FXSAVE/FXRSTOR cover SSE; SSE allowed */
#define CR4_OSXMMEXCPT		0x00000400	/* SIMD exceptions raise #XM, not #UD */
#define CR4_SMEP		0x00100000	/* ring 0 may not execute user pages */
#define CR4_SMAP		0x00200000	/* ring 0 may not touch user pages unless RFLAGS.AC */
#define MSR_EFER		0xc0000080
#define EFER_SCE		0x00000001	/* SYSCALL/SYSRET enabled */
#define EFER_LME		0x00000100
#define EFER_NXE		0x00000800
#define MSR_STAR		0xc0000081	/* SYSCALL/SYSRET selectors */
#define MSR_LSTAR		0xc0000082	/* SYSCALL's 64-bit entry point */
#define MSR_SYSCALL_MASK	0xc0000084	/* RFLAGS bits SYSCALL clears (FMASK) */
#define MSR_FS_BASE		0xc0000100
#define MSR_KERNEL_GS_BASE	0xc0000102	/* the other GS base: swapgs exchanges them */

/* Virtual layout (same bases as Linux x86_64 where there is one). */
/*
 * The user half: [0, TASK_SIZE_MAX).  Linux's value, one page short of the
 * canonical hole, so that no user range touches a non-canonical address
 * (the page below the hole would let SYSRET fault in ring 0 on some CPUs).
 */
#define TASK_SIZE_MAX		0x00007ffffffff000
#define KERNEL_VMA		0xffffffff80000000
#define DIRECT_MAP_BASE		0xffff888000000000
#define PML4_DIRECT_MAP		273	/* (DIRECT_MAP_BASE >> 39) & 511 */
#define VMAP_BASE		0xffffc90000000000
#define VMAP_SIZE		0x0000010000000000	/* 1 TiB */

#define TRAMPOLINE_PHYS		0x8000	/* where APs start: SIPI vector 8 */

#define PAGE_SIZE		4096
#define BOOT_STACK_SIZE		16384
#define THREAD_SIZE		16384

#endif
