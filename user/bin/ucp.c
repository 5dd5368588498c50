/*
 * ucp SRC DST: cp through io_uring (lab uring_app, labs/uring_app/handout.md).
 *
 * SRC and DST are registered as fixed files 0 and 1.  The copy is a
 * pipeline of batches of up to QD blocks with two sets of buffers: each
 * io_uring_enter carries the writes of the batch read last time (from one
 * set) together with the reads of the next batch (into the other), and
 * waits for them all.  So an N-block file costs about N/QD + 2 calls, and
 * no request of a round waits for another: all of them can be in progress
 * at once (on ringlet, whose ramfs files are read and written by io-wq
 * workers, that is every worker busy).  Linking each READ to its WRITE
 * with IOSQE_IO_LINK would also need one call per batch, but each write
 * would be queued only once its read completed: two worker hand-offs in a
 * row per block, which made a 6 MiB copy take minutes at -smp 4.
 *
 * The results are checked in order of offset:
 *   - a read shorter than asked (the file shrank) ends its batch there:
 *     the blocks up to it are written next round, and the next reads start
 *     at the first byte not read; a read of 0 bytes is the end;
 *   - a short write is finished on the spot, one request at a time;
 *   - an error is reported as cp does and ends the copy.
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
/* Two sets of buffers: one batch is written from one while the next is read into the other. */
static char bufs[2][QD][BS];

/* One block of a batch: where it goes, what its read asked and got. */
struct block {
	off_t off;
	unsigned len;
	int got;	/* the read's result */
	int wrote;	/* the write's result */
};

struct batch {
	struct block b[QD];
	int n;		/* reads queued */
	int ready;	/* blocks [0, ready) hold data to write: up to the first short read */
};

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

/* After a short write: writes the rest of the block one request at a time.  0 or -errno. */
static int write_rest(struct io_uring *ring, const char *buf, unsigned len, off_t off)
{
	while (len) {
		int w = write_one(ring, buf, len, off);

		if (w <= 0)
			return w < 0 ? w : -EIO;	/* no progress: give up */
		buf += w;
		len -= (unsigned)w;
		off += w;
	}
	return 0;
}

/*
 * One round: queues the writes of wr's ready blocks (from buffer set wset)
 * and the reads of the next batch into rd (buffer set !wset) from *next, at
 * most up to size; submits them all with one io_uring_enter and waits for
 * them all.  Then checks the writes, finishing short ones, and sets rd->ready
 * and *next from the reads, in order of offset.  Returns the number of
 * requests the round had (0: the copy is done), or -1 after reporting an
 * error.
 */
static int round_trip(struct io_uring *ring, struct batch *wr, struct batch *rd, int wset,
		      off_t *next, off_t size)
{
	struct io_uring_cqe *cqe;
	int queued = 0, ret;

	for (int i = 0; i < wr->ready; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		io_uring_prep_write(sqe, 1, bufs[wset][i], (unsigned)wr->b[i].got, wr->b[i].off);
		sqe->flags |= IOSQE_FIXED_FILE;
		io_uring_sqe_set_data64(sqe, (__u64)i * 2 + 1);
		queued++;
	}
	rd->n = 0;
	for (off_t off = *next; rd->n < QD && off < size; off += BS) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		struct block *b = &rd->b[rd->n];

		b->off = off;
		b->len = size - off < BS ? (unsigned)(size - off) : BS;
		io_uring_prep_read(sqe, 0, bufs[!wset][rd->n], b->len, off);
		sqe->flags |= IOSQE_FIXED_FILE;
		io_uring_sqe_set_data64(sqe, (__u64)rd->n * 2);
		rd->n++;
		queued++;
	}
	if (!queued)
		return 0;
	ret = io_uring_submit_and_wait(ring, (unsigned)queued);
	for (int got = 0; ret >= 0 && got < queued; got++) {
		ret = io_uring_wait_cqe(ring, &cqe);	/* already there: no system call */
		if (ret < 0)
			break;
		if (cqe->user_data & 1)
			wr->b[cqe->user_data / 2].wrote = cqe->res;
		else
			rd->b[cqe->user_data / 2].got = cqe->res;
		io_uring_cqe_seen(ring, cqe);
	}
	if (ret < 0) {
		fail("error copying", src_name, -ret);
		return -1;
	}
	for (int i = 0; i < wr->ready; i++) {
		struct block *b = &wr->b[i];

		if (b->wrote < 0) {
			fail("error writing", dst_name, -b->wrote);
			return -1;
		}
		if (b->wrote < b->got) {
			ret = write_rest(ring, bufs[wset][i] + b->wrote,
					 (unsigned)(b->got - b->wrote), b->off + b->wrote);
			if (ret < 0) {
				fail("error writing", dst_name, -ret);
				return -1;
			}
		}
	}
	rd->ready = 0;
	for (int i = 0; i < rd->n; i++) {
		struct block *b = &rd->b[i];

		if (b->got < 0) {
			fail("error reading", src_name, -b->got);
			return -1;
		}
		if (b->got == 0) {
			*next = size;		/* EOF before fstat's size: the file shrank */
			break;
		}
		rd->ready++;
		*next = b->off + b->got;
		if ((unsigned)b->got < b->len)
			break;			/* short read: the next batch starts after it */
	}
	return queued;
}
/* LAB(uring_app) END SOLUTION */

/* Copies src to dst (both open) through ring; 0, or 1 after reporting an error. */
static int copy(struct io_uring *ring, int src, int dst, off_t size)
{
	/* LAB(uring_app) BEGIN SOLUTION */
	static struct batch batch[2];
	int fds[2] = { src, dst };
	off_t next = 0;
	int ret = io_uring_register_files(ring, fds, 2), wset = 0;

	if (ret < 0)
		return fail("error copying", src_name, -ret);
	batch[0].ready = 0;	/* round one only reads */
	while ((ret = round_trip(ring, &batch[wset], &batch[!wset], wset, &next, size)) > 0)
		wset = !wset;
	io_uring_unregister_files(ring);
	return ret < 0 ? 1 : 0;
	/* LAB(uring_app) END SOLUTION */
	/* LAB(uring_app) STUB: (void)ring; */
	/* LAB(uring_app) STUB: (void)src; */
	/* LAB(uring_app) STUB: (void)dst; */
	/* LAB(uring_app) STUB: (void)size; */
	/* LAB(uring_app) STUB: return fail("error copying", src_name, ENOSYS); */
	/* LAB(uring_app) YOUR CODE HERE: register both files; each io_uring_enter writes one batch and reads the next */
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
