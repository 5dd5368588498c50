/*
 * Helpers shared by the io_uring self-tests (the *_test.c files beside it).
 *
 * A test plays an application: it gives its thread a descriptor table
 * (uring_test_files_begin), sets a ring up with liburing, and checks CQEs.
 * Threads started with ktest_run_threads share that table.
 */
#ifndef URING_TEST_H
#define URING_TEST_H

#include "ktest.h"
#include "liburing.h"
#include "file.h"
#include "task.h"

#define URING_TEST_FDS	256

/* Gives the current thread a fresh fd table (dropping any left by an abandoned test). */
static inline void uring_test_files_begin(void)
{
	files_put(current->files);
	current->files = files_alloc(URING_TEST_FDS);
}

static inline void uring_test_files_end(void)
{
	files_put(current->files);
	current->files = NULL;
}

/*
 * Zeroed io_uring_params in .rodata: readable but never writable, for the
 * paths that must fail with -EFAULT when the kernel writes into them.
 */
extern const struct io_uring_params uring_test_read_only_params;

/* Installs f (the caller's reference) and returns its fd; -1 if the table is full. */
static inline int uring_test_install(struct file *f)
{
	int fd = fd_install(current->files, f);

	if (fd < 0)
		fput(f);
	return fd;
}

/*
 * Submits what was prepared, waits for one CQE and returns its res;
 * stores its user_data in *user_data if not NULL.  Returns
 * URING_TEST_NO_CQE if submission or waiting failed.
 */
#define URING_TEST_NO_CQE	(-100000)
int uring_test_submit_wait(struct io_uring *ring, uint64_t *user_data);
/* Waits for one CQE (submits nothing) and returns its res, as above. */
int uring_test_wait(struct io_uring *ring, uint64_t *user_data);
/* Copies *sqe into the next SQE, submits it and returns its CQE's res. */
int uring_test_run_sqe(struct io_uring *ring, const struct io_uring_sqe *sqe);
/*
 * Queues a NOP with these SQE flags and user_data (submits nothing) and
 * returns its SQE, so a test can build links and drains, or spoil one
 * member; the SQ must have room.
 */
struct io_uring_sqe *uring_test_queue_nop(struct io_uring *ring, uint8_t flags, uint64_t ud);
/* Reaps n CQEs into ud[] and res[] in arrival order (unbounded waits, as uring_test_wait). */
void uring_test_reap(struct io_uring *ring, int n, uint64_t *ud, int *res);

/* Long enough for a worker on a loaded TCG guest; only reached on failure. */
#define URING_TEST_CQE_MS	2000
/*
 * Waits up to ms milliseconds for one CQE and returns its res (storing
 * its user_data in *ud if not NULL), or URING_TEST_NO_CQE if none came.
 * It only polls the CQ ring, as an application spinning on it would, so
 * a test whose CQE never comes fails instead of hanging the boot.
 */
int uring_test_wait_ms(struct io_uring *ring, unsigned int ms, uint64_t *ud);
/* Prepares a READ/WRITE/READV/WRITEV SQE with user_data; NULL if the SQ is full. */
struct io_uring_sqe *uring_test_prep_rw(struct io_uring *ring, int op, int fd, const void *addr,
					unsigned int len, uint64_t off, uint64_t ud);
/* Runs one READ/WRITE/READV/WRITEV and returns its CQE's res (bounded wait). */
int uring_test_run_rw(struct io_uring *ring, int op, int fd, const void *addr, unsigned int len,
		      uint64_t off);
/* Makes a pipe whose two ends are both in the fd table; false if it could not. */
bool uring_test_install_pipe(size_t capacity, int *rfd, int *wfd);
bool uring_test_all_bytes_are(const char *buf, size_t len, char c);
/*
 * Sets RLIMIT_NOFILE's soft limit (registering more fixed files than it
 * is -EMFILE, as in Linux) and returns the old one, for the test to put
 * back: the limit is system-wide (include/rlimit.h).
 */
unsigned long uring_test_set_nofile(unsigned long soft);	/* soft <= FILES_MAX_FDS */
/*
 * Reaps CQEs until none has come for quiet_ms; counts each one with res 0
 * and user_data in [base, base + n) into counts[ud - base] and returns
 * how many others there were.
 */
int uring_test_count_cqes(struct io_uring *ring, uint64_t base, unsigned int n, int *counts,
			  unsigned int quiet_ms);

#endif
