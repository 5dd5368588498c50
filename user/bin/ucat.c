/*
 * ucat FILE...: cat through io_uring (lab uring_app, labs/uring_app/handout.md).
 *
 * Each file is registered as fixed file 0 of one ring, then read in
 * batches: up to QD reads of BS bytes at increasing offsets go in together
 * and one io_uring_enter (io_uring_submit_and_wait) both submits them and
 * waits for all of them.  Completions arrive in any order; each carries its
 * block's index in user_data, so the batch is written out in order of
 * offset, with one writev per batch.  A short read (the file shrank, or
 * a kernel that returns less) ends the batch there and the next batch starts
 * at the first byte not yet read, so nothing is lost or repeated.  An N-block
 * file thus costs about N/QD io_uring_enter calls and no read(2) at all,
 * where cat makes N reads and N writes.
 *
 * Errors are reported as cat reports them ("ucat: NAME: strerror") and the
 * next file is tried; the exit status is 1 if any file failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define BS 4096		/* bytes per read */
#define QD 16		/* reads per batch: one io_uring_enter each */

/* LAB(uring_app) BEGIN SOLUTION */
static char bufs[QD][BS];

/* Writes iov[0..n) to stdout whole, resuming after short writes; 0 or -errno. */
static int write_all(struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(1, iov, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/*
 * Submits reads of blocks [0, n) at off and waits for them all; res[i] gets
 * block i's result.  0, or -errno if the ring failed.
 */
static int read_batch(struct io_uring *ring, off_t off, int n, size_t last_len, int res[QD])
{
	struct io_uring_cqe *cqe;
	int ret, got = 0;

	for (int i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		/* Slot 0 of the registered table, not a descriptor. */
		io_uring_prep_read(sqe, 0, bufs[i], i == n - 1 ? (unsigned)last_len : BS,
				   off + (off_t)i * BS);
		sqe->flags |= IOSQE_FIXED_FILE;
		io_uring_sqe_set_data64(sqe, (__u64)i);
	}
	ret = io_uring_submit_and_wait(ring, (unsigned)n);
	if (ret < 0)
		return ret;
	while (got < n) {
		ret = io_uring_wait_cqe(ring, &cqe);	/* already there: no system call */
		if (ret < 0)
			return ret;
		res[cqe->user_data] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		got++;
	}
	return 0;
}
/* LAB(uring_app) END SOLUTION */

/* Copies the file open on fd to stdout through ring; 0, or -errno. */
static int cat_fd(struct io_uring *ring, int fd)
{
	/* LAB(uring_app) BEGIN SOLUTION */
	struct iovec iov[QD];
	int res[QD];
	struct stat st;
	off_t off = 0, size;
	int ret;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;		/* what read(2) says, as cat reports it */
	size = st.st_size;
	ret = io_uring_register_files(ring, &fd, 1);
	if (ret < 0)
		return ret;
	while (off < size) {
		off_t left = size - off;
		int n = left >= (off_t)QD * BS ? QD : (int)((left + BS - 1) / BS);
		size_t last_len = (size_t)(left - (off_t)(n - 1) * BS);
		int done = 0, err = 0;

		if (last_len > BS)
			last_len = BS;
		ret = read_batch(ring, off, n, last_len, res);
		if (ret < 0)
			break;
		/* In order of offset: the blocks up to the first short or failed one. */
		for (int i = 0; i < n; i++) {
			size_t want = i == n - 1 ? last_len : BS;

			if (res[i] < 0) {
				err = res[i];
				break;
			}
			iov[done].iov_base = bufs[i];
			iov[done].iov_len = (size_t)res[i];
			done++;
			off += res[i];
			if ((size_t)res[i] < want)
				break;
		}
		ret = write_all(iov, done);	/* what came before an error still goes out */
		if (ret >= 0)
			ret = err;
		if (ret < 0)
			break;
		if (done && iov[done - 1].iov_len == 0)
			break;		/* EOF before the size fstat gave: the file shrank */
	}
	io_uring_unregister_files(ring);
	return ret < 0 ? ret : 0;
	/* LAB(uring_app) END SOLUTION */
	/* LAB(uring_app) STUB: (void)ring; */
	/* LAB(uring_app) STUB: (void)fd; */
	/* LAB(uring_app) STUB: return -ENOSYS; */
	/* LAB(uring_app) YOUR CODE HERE: register fd, then read QD blocks per io_uring_enter and write them out in order */
}

int main(int argc, char **argv)
{
	struct io_uring ring;
	int status = 0, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: ucat FILE...\n");
		return 1;
	}
	ret = io_uring_queue_init(QD, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "ucat: io_uring_queue_init: %s\n", strerror(-ret));
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

		ret = fd < 0 ? -errno : cat_fd(&ring, fd);
		if (ret < 0) {
			fprintf(stderr, "ucat: %s: %s\n", argv[i], strerror(-ret));
			status = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	io_uring_queue_exit(&ring);
	return status;
}
