/*
 * io_uring: submission and completion rings shared between an application
 * and the kernel, with Linux's ABI (include/uapi/io_uring.h) and
 * semantics.  The implementation is in kernel/uring/; docs/uring.md tells
 * the whole story.
 *
 * The three entry points are the system calls, taking "user" pointers
 * (include/uaccess.h) and file descriptors in current->files.  They are
 * not in the system-call table (asm/syscall_table.h), so programs cannot
 * reach them; kernel threads call them directly, usually through the
 * liburing-like helpers of kernel/uring/testlib/liburing.h.
 */
#ifndef IO_URING_H
#define IO_URING_H

#include "uapi/io_uring.h"
#include "uaccess.h"

/* Limits, as Linux 5.x's. */
#define IORING_MAX_ENTRIES	32768
#define IORING_MAX_CQ_ENTRIES	(2 * IORING_MAX_ENTRIES)
#define IORING_MAX_FIXED_FILES	32768

/*
 * Creates a ring of at least entries SQEs (rounded up to a power of two),
 * fills in *p (sizes, features, ring offsets), and installs the ring in
 * current->files.  Returns the fd, or -EINVAL (bad entries or flags,
 * non-zero reserved fields), -EFAULT, -EMFILE (no table or table full),
 * -ENOMEM.  May sleep.
 */
int io_uring_setup(uint32_t entries, struct io_uring_params __user *p);

/*
 * Submits up to to_submit SQEs from the SQ ring, then with
 * IORING_ENTER_GETEVENTS waits until min_complete CQEs are ready.
 * Returns the number of SQEs consumed (a bad SQE is consumed and gets an
 * error CQE; an SQ array entry naming no SQE is skipped, counted in the
 * ring's dropped field, and ends the batch), or -EBADF (fd not open), -EOPNOTSUPP (not a ring), -EINVAL (bad
 * flags), -EBUSY (completions are waiting in the overflow list and
 * cannot be flushed: reap some CQEs first), -EINTR.  May sleep.
 */
int io_uring_enter(unsigned int fd, uint32_t to_submit, uint32_t min_complete, uint32_t flags);

/*
 * IORING_REGISTER_FILES, IORING_UNREGISTER_FILES,
 * IORING_REGISTER_FILES_UPDATE and IORING_REGISTER_PROBE, with Linux's
 * arguments and error codes (see kernel/uring/files.c).  Other opcodes:
 * -EINVAL.  May sleep.
 */
int io_uring_register(unsigned int fd, unsigned int opcode, void __user *arg, unsigned int nr_args);

/*
 * What mmap(2) of the ring fd at offset would map: the address of the SQ
 * ring (IORING_OFF_SQ_RING), the CQ ring (IORING_OFF_CQ_RING, the same
 * memory: IORING_FEAT_SINGLE_MMAP), or the SQE array (IORING_OFF_SQES).
 * NULL if fd is not a ring, offset is unknown, or len is larger than that
 * region.  The memory stays valid until the ring is torn down.  Task
 * context; never sleeps.
 */
void *io_uring_mmap(unsigned int fd, uint64_t offset, size_t len);

/*
 * Kernel-only: how this ring applies fixed-file updates.  GENERATIONS
 * (the default) never waits for in-flight I/O; QUIESCE is Linux 5.5's
 * design (stop the ring, wait for every request and a grace period,
 * apply, restart), kept so benchmarks can compare the two in one boot.
 * In QUIESCE mode IORING_OP_FILES_UPDATE fails with -EOPNOTSUPP (a
 * request cannot wait for itself).  Returns 0, -EBADF, -EOPNOTSUPP (not a
 * ring) or -EBUSY (files are registered, or the ring has been used).
 * May sleep (takes the ring's uring_lock).
 */
enum io_uring_update_mode {
	IO_URING_UPDATE_GENERATIONS,
	IO_URING_UPDATE_QUIESCE,
};
int io_uring_set_update_mode(unsigned int fd, enum io_uring_update_mode mode);

/*
 * Kernel-only: closes fd and waits until the ring behind it has been torn
 * down (its last reference may be held elsewhere: then this waits for
 * that, too).  0, -EBADF, -EOPNOTSUPP, or -EBUSY if another task already
 * waits for this ring (fd is then left open).  Tests use it so leak checks see
 * a finished teardown.  May sleep.
 */
int io_uring_close_sync(unsigned int fd);

#endif
