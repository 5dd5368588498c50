/*
 * The vmap area: virtually contiguous kernel mappings of pages that need
 * not be physically contiguous.  Used for kernel stacks, which get an
 * unmapped guard page below them so an overflow faults instead of silently
 * overwriting whatever lies below, and for device registers (ioremap).
 */
#ifndef VMAP_H
#define VMAP_H

#include <stdint.h>
#include <stddef.h>

/*
 * Allocates a THREAD_SIZE kernel stack with an unmapped guard page below it.
 * Returns the stack's top (the initial stack pointer), or NULL.  Any context
 * that may take an irq-safe lock.
 */
void *vmap_stack_alloc(void);
/*
 * Frees a stack returned by vmap_stack_alloc (pass the same top).  Flushes
 * its translations on every CPU, so it needs interrupts enabled.
 */
void vmap_stack_free(void *top);
/* True if addr lies in the guard page of some vmap stack. */
int vmap_stack_guard_hit(unsigned long addr);
/* Number of vmap stacks in use (for leak checks). */
size_t vmap_stacks_in_use(void);

/* Maps size bytes of device memory at phys, uncached.  Never unmapped. */
void *ioremap(uint64_t phys, size_t size);

#endif
