/*
 * io_uring: submission and completion rings shared between an application
 * and the kernel, with Linux's ABI (include/uapi/io_uring.h) and
 * semantics.  The implementation is in kernel/uring/; docs/uring.md tells
 * the whole story.
 *
 * The three entry points are the system calls io_uring_setup (425),
 * io_uring_enter (426) and io_uring_register (427), taking user pointers
 * (include/uaccess.h) and file descriptors in current->files.  Programs
 * reach them through the system-call table with Debian's liburing;
 * kernel threads call them directly, through the liburing-like helpers of
 * kernel/uring/testlib/liburing.h, and map nothing: io_uring_mmap gives
 * them the kernel's address of each region.
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
 * io_uring_enter(2): submits up to to_submit SQEs from the SQ ring, then,
 * with IORING_ENTER_GETEVENTS and only if all of them were submitted,
 * waits until min_complete CQEs are ready.  argp, argsz: the signals to
 * block while waiting (a sigset, argsz 8; NULL: the task's own mask), or
 * with IORING_ENTER_EXT_ARG a struct io_uring_getevents_arg with that
 * sigset and a time limit.  Returns the number of SQEs consumed if any (a
 * bad SQE is consumed, gets an error CQE and ends the batch unless it
 * links to the next; an SQ array entry naming no SQE is counted in the
 * ring's dropped field and ends the batch), else 0 or the wait's error:
 * -EINTR, -ETIME (the limit passed), -EBUSY (overflowed CQEs cannot be
 * flushed: reap some first), -EINVAL/-EFAULT (argp), -ENOMEM (to_submit
 * and the task's first submission: no memory for its context, nothing
 * consumed).  Before anything:
 * -EINVAL (unknown flags, or REGISTERED_RING, which ringlet lacks),
 * -EBADF (fd not open), -EOPNOTSUPP (not a ring).  May sleep.
 */
int io_uring_enter_arg(unsigned int fd, uint32_t to_submit, uint32_t min_complete, uint32_t flags,
		       const void __user *argp, size_t argsz);

/* io_uring_enter_arg with the task's own signal mask and no limit: what kernel threads call. */
static inline int io_uring_enter(unsigned int fd, uint32_t to_submit, uint32_t min_complete,
				 uint32_t flags)
{
	return io_uring_enter_arg(fd, to_submit, min_complete, flags, NULL, 0);
}

/*
 * io_uring_register(2): the fixed-file operations of Linux 6.1 (FILES,
 * FILES2 with tags and sparse tables, UNREGISTER_FILES, FILES_UPDATE and
 * FILES_UPDATE2 with SKIP, FILE_ALLOC_RANGE) and PROBE, with Linux's
 * arguments and error codes (kernel/uring/register.c, files.c,
 * files_update.c).  Operations ringlet lacks check their arguments as 6.1
 * does and then answer as a kernel without them (docs/uring.md section 5);
 * an unknown opcode is -EINVAL.  May sleep.
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

/*
 * Whether rings recycle their requests (the default) or give each one its
 * own kzalloc/kfree, so the allocator's poison sees a use after free
 * (boot option io_uring.req_cache=0; kernel/uring/req_alloc.c).  Set once
 * at boot, before any ring exists.
 */
extern bool io_req_cache_enabled;

struct task;
/*
 * execve, past its point of no return, with the old image's memory still
 * current's: cancels every request current submitted, on every ring (a
 * queued or blocked one completes with -ECANCELED, an armed timeout with
 * -ECANCELED), and returns once none of them is left.  Other tasks'
 * requests on the same rings run on.  May sleep; no lock held.
 */
void io_uring_task_cancel(void);
/*
 * do_exit: t (current) lets go of its io_uring context; requests still in
 * flight keep it until they are freed, and run on.  Never sleeps.
 */
void io_uring_task_exit(struct task *t);

#endif
