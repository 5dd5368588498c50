/*
 * The rest of Linux 6.1's fixed-file API: IORING_REGISTER_FILES2 with
 * tags (io_uring_register_files_tags) and IORING_REGISTER_FILES_UPDATE2
 * (io_uring_register_files_update_tag).  A tagged file an update takes
 * out of the table posts a CQE once the table no longer uses it:
 * user_data is the tag, res 0, flags 0; an untagged one posts nothing.
 * Unregister posts no tag CQEs in Linux 6.1 (a later Linux posts one for
 * each tagged file still registered).  A tag with an empty slot (-1) or with
 * IORING_REGISTER_FILES_SKIP is -EINVAL.  IORING_REGISTER_FILE_ALLOC_RANGE
 * and an IORING_OP_FILES_UPDATE at IORING_FILE_INDEX_ALLOC, which puts
 * each file in a free slot of the range and writes the slot numbers back
 * into the array, -ENFILE once the range is full.
 *
 * Tag CQEs come from deferred work in Linux, so they are waited for by
 * polling for up to two seconds, never by a wait that could hang on a
 * kernel that posts none; their order is not checked (sorted by tag).
 */
#include <fcntl.h>
#include <unistd.h>
#include "uring_test.h"

static struct io_uring ring;

/* Up to max CQEs that arrive within 2 s (quiet for 300 ms ends it sooner); sorted. */
static unsigned collect(struct u_cqe *out, unsigned max, unsigned want, const char *what)
{
	long long start = u_now_ns(), last = start;
	struct io_uring_cqe *cqe;
	unsigned n = 0;

	while (u_now_ns() - start < 2000000000LL && n < max) {
		if (io_uring_peek_cqe(&ring, &cqe) == 0 && cqe) {
			out[n].ud = cqe->user_data;
			out[n].res = cqe->res;
			out[n].flags = cqe->flags;
			n++;
			io_uring_cqe_seen(&ring, cqe);
			last = u_now_ns();
		} else if (n >= want && u_now_ns() - last > 300000000LL) {
			break;
		} else {
			usleep(2000);
		}
	}
	qsort(out, n, sizeof(*out), u_by_ud);
	for (unsigned i = 0; i < n; i++)
		u_print_cqe(what, &out[i]);
	printf("%s: %u CQEs\n", what, n);
	return n;
}

#define SHOW(what, expr, want)                               \
	do {                                                 \
		int r_ = (expr);                             \
		printf("%s: %s\n", what, u_res(r_));         \
		CHECK_EQ(r_, want);                          \
	} while (0)

static void tags(void)
{
	int null = open("/dev/null", O_RDONLY), zero = open("/dev/zero", O_RDONLY);
	int fds[3] = { null, zero, null }, one[1] = { zero }, empty[1] = { -1 };
	int skip[1] = { IORING_REGISTER_FILES_SKIP };
	__u64 tg[3] = { 101, 0, 103 }, t201[1] = { 201 }, t0[1] = { 0 };
	struct u_cqe out[8];
	int ret;

	ret = io_uring_register_files_tags(&ring, fds, tg, 3);
	SHOW("register 3 with tags 101, 0, 103", ret, 0);
	if (ret == 0) {
		SHOW("update slot 0 with tag 201",
		     io_uring_register_files_update_tag(&ring, 0, one, t201, 1), 1);
		CHECK_EQ(collect(out, 8, 1, "after the update"), 1);
		CHECK_EQ(out[0].ud, 101);
		CHECK_EQ(out[0].res, 0);
		SHOW("update slot 1 (untagged) to -1",
		     io_uring_register_files_update_tag(&ring, 1, empty, t0, 1), 1);
		CHECK_EQ(collect(out, 8, 0, "after the untagged removal"), 0);
		SHOW("update slot 1 to -1 with a tag",
		     io_uring_register_files_update_tag(&ring, 1, empty, t201, 1), -EINVAL);
		SHOW("update slot 1 skip with a tag",
		     io_uring_register_files_update_tag(&ring, 1, skip, t201, 1), -EINVAL);
		SHOW("unregister", io_uring_unregister_files(&ring), 0);
		/* 6.1 puts the files still registered without their tags' CQEs. */
		CHECK_61(collect(out, 8, 0, "after unregister") == 0);
	}
	/* A tag on an empty slot at registration. */
	int sparse[2] = { null, -1 };
	__u64 tsparse[2] = { 0, 7 };

	SHOW("register a tagged empty slot",
	     io_uring_register_files_tags(&ring, sparse, tsparse, 2), -EINVAL);
	SHOW("unregister after it", io_uring_unregister_files(&ring), -ENXIO);
	close(null);
	close(zero);
}

static void alloc_range(void)
{
	int null = open("/dev/null", O_RDONLY);
	int two[2] = { null, null }, three[1] = { null };
	struct io_uring_sqe *sqe;
	struct u_cqe c;
	int ret;

	ret = io_uring_register_files_sparse(&ring, 8);
	SHOW("register 8 sparse", ret, 0);
	if (ret)
		return;
	SHOW("alloc range 6+4 of 8", io_uring_register_file_alloc_range(&ring, 6, 4), -EINVAL);
	SHOW("alloc range 2+2", io_uring_register_file_alloc_range(&ring, 2, 2), 0);
	sqe = u_sqe(&ring);
	io_uring_prep_files_update(sqe, two, 2, (int)IORING_FILE_INDEX_ALLOC);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	printf("files update at INDEX_ALLOC, 2 files: %s, slots %d %d\n", u_res(c.res), two[0],
	       two[1]);
	CHECK_EQ(c.res, 2);
	CHECK_EQ(two[0], 2);
	CHECK_EQ(two[1], 3);
	sqe = u_sqe(&ring);
	io_uring_prep_files_update(sqe, three, 1, (int)IORING_FILE_INDEX_ALLOC);
	CHECK_EQ(io_uring_submit(&ring), 1);
	CHECK_EQ(u_reap(&ring, &c, 1), 1);
	printf("files update at INDEX_ALLOC, range full: %s\n", u_res(c.res));
	CHECK_EQ(c.res, -ENFILE);
	SHOW("unregister", io_uring_unregister_files(&ring), 0);
	close(null);
}

int main(void)
{
	u_start();
	u_init_or_skip(8, &ring, 0);
	tags();
	alloc_range();
	io_uring_queue_exit(&ring);
	return u_exit();
}
