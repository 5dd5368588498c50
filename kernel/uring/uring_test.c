/*
 * The io_uring self-tests' shared helpers (uring_test.h).
 */
#include "uring_test.h"

int uring_test_wait(struct io_uring *ring, uint64_t *user_data)
{
	struct io_uring_cqe *cqe;
	int res;

	if (io_uring_wait_cqe(ring, &cqe))
		return URING_TEST_NO_CQE;
	res = cqe->res;
	if (user_data)
		*user_data = cqe->user_data;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

int uring_test_submit_wait(struct io_uring *ring, uint64_t *user_data)
{
	if (io_uring_submit(ring) < 0)
		return URING_TEST_NO_CQE;
	return uring_test_wait(ring, user_data);
}

int uring_test_run_sqe(struct io_uring *ring, const struct io_uring_sqe *sqe)
{
	struct io_uring_sqe *s = io_uring_get_sqe(ring);

	if (!s)
		return URING_TEST_NO_CQE;
	*s = *sqe;
	return uring_test_submit_wait(ring, NULL);
}
