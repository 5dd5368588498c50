/*
 * The memory-mapping ABI: the prot and flags arguments of mmap(2) and
 * mprotect(2), with Linux's x86_64 values (include/uapi/asm-generic/
 * mman-common.h), so a static binary's calls mean the same here.
 */
#ifndef UAPI_MMAN_H
#define UAPI_MMAN_H

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8		/* accepted and ignored, as on x86 */
#define PROT_GROWSDOWN	0x01000000
#define PROT_GROWSUP	0x02000000

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_TYPE	0x0f		/* the bits that hold SHARED or PRIVATE */
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20

#endif
