/*
 * What the files of kernel/mm share about address spaces: the halves of
 * an mm's life that mm_struct.c delegates to mmap.c, which owns the VMAs.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm_types.h"

/*
 * The last mmput: unmaps every VMA (freeing private frames, dropping shared
 * ones) and frees the lower-half tables.  Leaves struct and PML4 to mmdrop.
 */
void exit_mmap(struct mm_struct *mm);
/*
 * fork's copy into the fresh, unloaded mm: every VMA of oldmm, private pages
 * copied, shared ones mapped.  0 or -ENOMEM (mm then holds a partial copy
 * that mmput frees).
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);

#endif
