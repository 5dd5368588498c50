/*
 * ucp SRC DST: cp through io_uring (lab uring_app, labs/uring_app/handout.md).
 *
 * SRC and DST are registered as fixed files 0 and 1.  Each batch holds up
 * to QD blocks, each a READ of SRC linked (IOSQE_IO_LINK) to the WRITE of
 * the same buffer to DST at the same offset: the kernel starts a write only
 * once its read completed in full, so one io_uring_enter moves QD blocks.
 * The batch is then checked in order of offset:
 *   - a block whose read and write both did the whole block is done;
 *   - a short read breaks its link (the write completes -ECANCELED): what
 *     was read is written on its own, and the next batch starts after it
 *     (at EOF the next read returns 0 and the copy ends);
 *   - a short write: the next batch starts at the first byte not written;
 *   - an error is reported as cp does and ends the copy.
 * Blocks after the first unfinished one are simply done again by the next
 * batch (same bytes, same offsets).
 *
 * Errors as coreutils' cp words them ("ucp: cannot stat 'SRC': ...",
 * "ucp: cannot open 'SRC' for reading: ...",
 * "ucp: cannot create regular file 'DST': ...", "ucp: error reading 'SRC':
 * ..."), exit status 1.  DST gets SRC's permission bits (less the umask), as
 * a new file made by cp does.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BS 4096		/* bytes per block */
#define QD 16		/* blocks per batch: one io_uring_enter each */

static const char *src_name, *dst_name;

/* Prints "ucp: WHAT 'NAME': strerror(err)"; returns 1, the exit status. */
static int fail(const char *what, const char *name, int err)
{
	fprintf(stderr, "ucp: %s '%s': %s\n", what, name, strerror(err));
	return 1;
}

/* LAB(uring_app) BEGIN SOLUTION */
static char bufs[QD][BS];

/* Waits for one write of len bytes of buf at off to DST (fixed file 1): its result. */
static int write_one(struct io_uring *ring, const char *buf, unsigned len, off_t off)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	io_uring_prep_write(sqe, 1, buf, len, off);
	sqe->flags |= IOSQE_FIXED_FILE;
	ret = io_uring_submit_and_wait(ring, 1);
	if (ret < 0)
		return ret;
	ret = io_uring_wait_cqe(ring, &cqe);
	if (ret < 0)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/*
 * One batch: blocks [0, n) at off, the last one last_len bytes, read and
 * written.  Returns how far the copy got from off (bytes; the next batch
 * starts there; 0 means EOF), or 1 after reporting an error.
 */
static int copy_batch(struct io_uring *ring, off_t off, int n, unsigned last_len, off_t *moved)
{
	int rres[QD], wres[QD];
	struct io_uring_cqe *cqe;
	int ret;

	for (int i = 0; i < n; i++) {
		unsigned len = i == n - 1 ? last_len : BS;
		struct io_uring_sqe *r = io_uring_get_sqe(ring);
		struct io_uring_sqe *w = io_uring_get_sqe(ring);

		io_uring_prep_read(r, 0, bufs[i], len, off + (off_t)i * BS);
		r->flags |= IOSQE_FIXED_FILE | IOSQE_IO_LINK;
		io_uring_sqe_set_data64(r, (__u64)i * 2);
		io_uring_prep_write(w, 1, bufs[i], len, off + (off_t)i * BS);
		w->flags |= IOSQE_FIXED_FILE;
		io_uring_sqe_set_data64(w, (__u64)i * 2 + 1);
	}
	ret = io_uring_submit_and_wait(ring, 2 * (unsigned)n);
	if (ret < 0)
		return fail("error copying", src_name, -ret);
	for (int got = 0; got < 2 * n; got++) {
		ret = io_uring_wait_cqe(ring, &cqe);	/* already there: no system call */
		if (ret < 0)
			return fail("error copying", src_name, -ret);
		if (cqe->user_data & 1)
			wres[cqe->user_data / 2] = cqe->res;
		else
			rres[cqe->user_data / 2] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
	}
	*moved = 0;
	for (int i = 0; i < n; i++) {
		unsigned len = i == n - 1 ? last_len : BS;

		if (rres[i] < 0)
			return fail("error reading", src_name, -rres[i]);
		if (rres[i] == 0)
			return 0;				/* EOF */
		if ((unsigned)rres[i] < len) {			/* short read: link broken */
			wres[i] = write_one(ring, bufs[i], (unsigned)rres[i], off + *moved);
			len = (unsigned)rres[i];
		}
		if (wres[i] < 0)
			return fail("error writing", dst_name, -wres[i]);
		if (wres[i] == 0)
			return fail("error writing", dst_name, EIO);	/* no progress */
		*moved += wres[i];
		if ((unsigned)wres[i] < len)
			return 0;				/* short write: resume there */
	}
	return 0;
}
/* LAB(uring_app) END SOLUTION */

/* Copies src to dst (both open) through ring; 0, or 1 after reporting an error. */
static int copy(struct io_uring *ring, int src, int dst, off_t size)
{
	/* LAB(uring_app) BEGIN SOLUTION */
	int fds[2] = { src, dst };
	off_t off = 0;
	int ret = io_uring_register_files(ring, fds, 2);

	if (ret < 0)
		return fail("error copying", src_name, -ret);
	while (off < size) {
		off_t left = size - off, moved;
		int n = left >= (off_t)QD * BS ? QD : (int)((left + BS - 1) / BS);
		off_t last = left - (off_t)(n - 1) * BS;

		ret = copy_batch(ring, off, n, last > BS ? BS : (unsigned)last, &moved);
		if (ret || moved == 0)
			break;
		off += moved;
	}
	io_uring_unregister_files(ring);
	return ret;
	/* LAB(uring_app) END SOLUTION */
	/* LAB(uring_app) STUB: (void)ring; */
	/* LAB(uring_app) STUB: (void)src; */
	/* LAB(uring_app) STUB: (void)dst; */
	/* LAB(uring_app) STUB: (void)size; */
	/* LAB(uring_app) STUB: return fail("error copying", src_name, ENOSYS); */
	/* LAB(uring_app) YOUR CODE HERE: register both files, then linked read+write pairs, QD per io_uring_enter */
}

int main(int argc, char **argv)
{
	struct io_uring ring;
	struct stat st;
	int src, dst, ret;

	if (argc != 3) {
		fprintf(stderr, "usage: ucp SRC DST\n");
		return 1;
	}
	src_name = argv[1];
	dst_name = argv[2];
	if (stat(src_name, &st))
		return fail("cannot stat", src_name, errno);
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ucp: -r not specified; omitting directory '%s'\n", src_name);
		return 1;
	}
	src = open(src_name, O_RDONLY);
	if (src < 0) {
		fprintf(stderr, "ucp: cannot open '%s' for reading: %s\n", src_name,
			strerror(errno));
		return 1;
	}
	dst = open(dst_name, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777);
	if (dst < 0) {
		ret = fail("cannot create regular file", dst_name, errno);
		close(src);
		return ret;
	}
	ret = io_uring_queue_init(2 * QD, &ring, 0);
	if (ret < 0)
		ret = fail("error copying", src_name, -ret);
	else {
		ret = copy(&ring, src, dst, st.st_size);
		io_uring_queue_exit(&ring);
	}
	close(src);
	if (close(dst))
		ret = fail("error writing", dst_name, errno);
	return ret;
}
