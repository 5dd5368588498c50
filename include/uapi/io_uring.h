/*
 * The io_uring ABI: the structures an application shares with the kernel
 * and the numbers it passes, with the sizes, offsets and values of Linux's
 * include/uapi/linux/io_uring.h (5.6 era, with 6.1's register opcodes and
 * fixed-file structures), so a program written for
 * liburing's raw interface reads the same against ringlet.
 *
 * The static assertions at the bottom are the contract: if a field moves,
 * the build fails.  Names follow Linux so the two can be read side by side.
 */
#ifndef UAPI_IO_URING_H
#define UAPI_IO_URING_H

#include <stdint.h>
#include <stddef.h>
#include "compiler.h"

/* System call numbers on x86_64. */
#define __NR_io_uring_setup	425
#define __NR_io_uring_enter	426
#define __NR_io_uring_register	427

/* A submission queue entry: one request, 64 bytes. */
struct io_uring_sqe {
	uint8_t opcode;		/* IORING_OP_* */
	uint8_t flags;		/* IOSQE_* */
	uint16_t ioprio;	/* must be 0 in ringlet */
	int32_t fd;		/* file descriptor, or fixed-file index with IOSQE_FIXED_FILE */
	union {
		uint64_t off;	/* file offset (-1: the file's own position) */
		uint64_t addr2;
	};
	uint64_t addr;		/* buffer, iovec array, timespec or fd array */
	uint32_t len;		/* bytes, iovecs, or entries */
	union {
		uint32_t rw_flags;
		uint32_t fsync_flags;
		uint32_t timeout_flags;
		uint32_t open_flags;
	};
	uint64_t user_data;	/* copied into the CQE untouched */
	union {
		struct {
			uint16_t buf_index;
			uint16_t personality;
			union {
				int32_t splice_fd_in;
				uint32_t file_index;	/* CLOSE: fixed slot + 1 (0: sqe->fd) */
			};
		};
		uint64_t __pad2[3];
	};
};

/* sqe->flags */
#define IOSQE_FIXED_FILE	(1U << 0)	/* fd is an index into the registered files */
#define IOSQE_IO_DRAIN		(1U << 1)	/* start only after everything before it completed */
#define IOSQE_IO_LINK		(1U << 2)	/* the next SQE runs after this one succeeds */
#define IOSQE_IO_HARDLINK	(1U << 3)	/* like LINK, but the chain survives a failure */
#define IOSQE_ASYNC		(1U << 4)	/* go straight to an async worker */

/* sqe->opcode: Linux's numbering; the gaps are opcodes ringlet does not implement. */
enum {
	IORING_OP_NOP = 0,
	IORING_OP_READV = 1,
	IORING_OP_WRITEV = 2,
	IORING_OP_FSYNC = 3,
	IORING_OP_SENDMSG = 9,
	IORING_OP_RECVMSG = 10,
	IORING_OP_TIMEOUT = 11,
	IORING_OP_CLOSE = 19,
	IORING_OP_FILES_UPDATE = 20,
	IORING_OP_READ = 22,
	IORING_OP_WRITE = 23,
	IORING_OP_SEND = 26,
	IORING_OP_RECV = 27,
	IORING_OP_LAST = 49,	/* one past Linux 6.1's last opcode (IORING_OP_SENDMSG_ZC) */
};

#define IORING_FSYNC_DATASYNC	(1U << 0)	/* sqe->fsync_flags */
#define IORING_TIMEOUT_ABS	(1U << 0)	/* sqe->timeout_flags */

/* A completion queue entry, 16 bytes. */
struct io_uring_cqe {
	uint64_t user_data;	/* the SQE's user_data */
	int32_t res;		/* result: bytes, count, or -errno */
	uint32_t flags;
};

/* Where the fields of the SQ ring are, as byte offsets into its mapping. */
struct io_sqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t flags;
	uint32_t dropped;
	uint32_t array;
	uint32_t resv1;
	uint64_t resv2;
};

/* sq ring flags */
#define IORING_SQ_NEED_WAKEUP	(1U << 0)
#define IORING_SQ_CQ_OVERFLOW	(1U << 1)	/* completions wait in the overflow list */

struct io_cqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t overflow;
	uint32_t cqes;
	uint32_t flags;		/* the CQ ring's flags word (IORING_CQ_*) */
	uint32_t resv1;
	uint64_t resv2;
};

/* io_uring_enter flags */
#define IORING_ENTER_GETEVENTS	(1U << 0)
#define IORING_ENTER_SQ_WAKEUP	(1U << 1)
#define IORING_ENTER_SQ_WAIT	(1U << 2)
#define IORING_ENTER_EXT_ARG	(1U << 3)
#define IORING_ENTER_REGISTERED_RING	(1U << 4)

/* io_uring_enter's argument with IORING_ENTER_EXT_ARG (argsz must be its size). */
struct io_uring_getevents_arg {
	uint64_t sigmask;	/* user pointer to a sigset, or 0 */
	uint32_t sigmask_sz;
	uint32_t pad;
	uint64_t ts;		/* user pointer to a struct __kernel_timespec: the wait's limit, or 0 */
};

/* Passed in and out of io_uring_setup. */
struct io_uring_params {
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t flags;		/* IORING_SETUP_* */
	uint32_t sq_thread_cpu;
	uint32_t sq_thread_idle;
	uint32_t features;	/* out: IORING_FEAT_* */
	uint32_t wq_fd;
	uint32_t resv[3];
	struct io_sqring_offsets sq_off;
	struct io_cqring_offsets cq_off;
};

/* io_uring_params->flags */
#define IORING_SETUP_IOPOLL	(1U << 0)
#define IORING_SETUP_SQPOLL	(1U << 1)
#define IORING_SETUP_SQ_AFF	(1U << 2)
#define IORING_SETUP_CQSIZE	(1U << 3)	/* cq_entries is given */
#define IORING_SETUP_CLAMP	(1U << 4)	/* clamp sizes to the limits instead of failing */
#define IORING_SETUP_ATTACH_WQ	(1U << 5)

/* io_uring_params->features */
#define IORING_FEAT_SINGLE_MMAP		(1U << 0)	/* SQ and CQ rings share one mapping */
#define IORING_FEAT_NODROP		(1U << 1)	/* CQEs that do not fit wait, they are not dropped */
#define IORING_FEAT_SUBMIT_STABLE	(1U << 2)	/* SQE data is copied at submission */
#define IORING_FEAT_RW_CUR_POS		(1U << 3)	/* off -1 means the file's position */
#define IORING_FEAT_EXT_ARG		(1U << 8)	/* enter takes io_uring_getevents_arg */
#define IORING_FEAT_RSRC_TAGS		(1U << 10)	/* registered files take tags */

/* mmap offsets */
#define IORING_OFF_SQ_RING	0ULL
#define IORING_OFF_CQ_RING	0x8000000ULL
#define IORING_OFF_SQES		0x10000000ULL

/* io_uring_register opcodes */
#define IORING_REGISTER_BUFFERS		0
#define IORING_UNREGISTER_BUFFERS	1
#define IORING_REGISTER_FILES		2
#define IORING_UNREGISTER_FILES		3
#define IORING_REGISTER_EVENTFD		4
#define IORING_UNREGISTER_EVENTFD	5
#define IORING_REGISTER_FILES_UPDATE	6
#define IORING_REGISTER_EVENTFD_ASYNC	7
#define IORING_REGISTER_PROBE		8
#define IORING_REGISTER_PERSONALITY	9
#define IORING_UNREGISTER_PERSONALITY	10
#define IORING_REGISTER_RESTRICTIONS	11
#define IORING_REGISTER_ENABLE_RINGS	12
#define IORING_REGISTER_FILES2		13	/* struct io_uring_rsrc_register: tags, sparse */
#define IORING_REGISTER_FILES_UPDATE2	14	/* struct io_uring_rsrc_update2: tags */
#define IORING_REGISTER_BUFFERS2	15
#define IORING_REGISTER_BUFFERS_UPDATE	16
#define IORING_REGISTER_IOWQ_AFF	17
#define IORING_UNREGISTER_IOWQ_AFF	18
#define IORING_REGISTER_IOWQ_MAX_WORKERS 19
#define IORING_REGISTER_RING_FDS	20
#define IORING_UNREGISTER_RING_FDS	21
#define IORING_REGISTER_PBUF_RING	22
#define IORING_UNREGISTER_PBUF_RING	23
#define IORING_REGISTER_SYNC_CANCEL	24
#define IORING_REGISTER_FILE_ALLOC_RANGE 25	/* struct io_uring_file_index_range */
#define IORING_REGISTER_LAST		26	/* Linux 6.1's */

/*
 * ringlet's own register opcode, far from Linux's (which answers -EINVAL
 * to it): with arg NULL, nr_args 0 makes the ring apply fixed-file updates
 * with generations (the default), 1 the way Linux 5.5 did, stopping the
 * ring around every update.  Only on a fresh ring (-EBUSY once files are
 * registered or an SQE was submitted).  For the seed's workload
 * (user/bench/seed_workload.c), which compares the two in one boot.
 */
#define IORING_REGISTER_RINGLET_UPDATE_MODE	0x72696e67u	/* "ring" */

/* The argument of IORING_REGISTER_FILES_UPDATE and IORING_OP_FILES_UPDATE's view of it. */
struct io_uring_files_update {
	uint32_t offset;
	uint32_t resv;
	uint64_t fds __attribute__((aligned(8)));	/* pointer to an int32_t array */
};

/* IORING_REGISTER_FILES2 (and BUFFERS2): 32 bytes, passed with nr_args = its size. */
struct io_uring_rsrc_register {
	uint32_t nr;
	uint32_t flags;		/* IORING_RSRC_REGISTER_SPARSE */
	uint64_t resv2;
	uint64_t data __attribute__((aligned(8)));	/* int32_t fds[nr], or 0 */
	uint64_t tags __attribute__((aligned(8)));	/* uint64_t tags[nr], or 0 */
};
#define IORING_RSRC_REGISTER_SPARSE	(1U << 0)	/* nr empty slots; data must be 0 */

/* Linux's later name for struct io_uring_files_update (data: the fd array). */
struct io_uring_rsrc_update {
	uint32_t offset;
	uint32_t resv;
	uint64_t data __attribute__((aligned(8)));
};

/* IORING_REGISTER_FILES_UPDATE2: 32 bytes, passed with nr_args = its size. */
struct io_uring_rsrc_update2 {
	uint32_t offset;
	uint32_t resv;
	uint64_t data __attribute__((aligned(8)));	/* int32_t fds[nr] */
	uint64_t tags __attribute__((aligned(8)));	/* uint64_t tags[nr], or 0 */
	uint32_t nr;
	uint32_t resv2;
};

/* In an update's fd array: leave this slot as it is. */
#define IORING_REGISTER_FILES_SKIP	(-2)
/* IORING_OP_FILES_UPDATE's offset: put each file in a free slot of the alloc range. */
#define IORING_FILE_INDEX_ALLOC		(~0U)

/* IORING_REGISTER_FILE_ALLOC_RANGE: the slots IORING_FILE_INDEX_ALLOC may pick. */
struct io_uring_file_index_range {
	uint32_t off;
	uint32_t len;
	uint64_t resv;
};

#define IO_URING_OP_SUPPORTED	(1U << 0)

struct io_uring_probe_op {
	uint8_t op;
	uint8_t resv;
	uint16_t flags;		/* IO_URING_OP_* */
	uint32_t resv2;
};

struct io_uring_probe {
	uint8_t last_op;	/* the last opcode this kernel knows the number of */
	uint8_t ops_len;	/* entries filled in ops[] */
	uint16_t resv;
	uint32_t resv2[3];
	struct io_uring_probe_op ops[];
};

/* For READV/WRITEV (struct iovec) and TIMEOUT (struct __kernel_timespec). */
struct iovec {
	void *iov_base;
	size_t iov_len;
};
#define UIO_MAXIOV	1024

struct __kernel_timespec {
	int64_t tv_sec;
	long long tv_nsec;
};

/* The ABI contract: Linux's sizes and offsets. */
static_assert(sizeof(struct io_uring_sqe) == 64, "sqe size");
static_assert(offsetof(struct io_uring_sqe, fd) == 4, "sqe fd");
static_assert(offsetof(struct io_uring_sqe, off) == 8, "sqe off");
static_assert(offsetof(struct io_uring_sqe, addr) == 16, "sqe addr");
static_assert(offsetof(struct io_uring_sqe, len) == 24, "sqe len");
static_assert(offsetof(struct io_uring_sqe, rw_flags) == 28, "sqe rw_flags");
static_assert(offsetof(struct io_uring_sqe, user_data) == 32, "sqe user_data");
static_assert(offsetof(struct io_uring_sqe, buf_index) == 40, "sqe buf_index");
static_assert(offsetof(struct io_uring_sqe, personality) == 42, "sqe personality");
static_assert(sizeof(struct io_uring_cqe) == 16, "cqe size");
static_assert(offsetof(struct io_uring_cqe, res) == 8, "cqe res");
static_assert(sizeof(struct io_sqring_offsets) == 40, "sq_off size");
static_assert(sizeof(struct io_cqring_offsets) == 40, "cq_off size");
static_assert(sizeof(struct io_uring_params) == 120, "params size");
static_assert(offsetof(struct io_uring_params, sq_off) == 40, "params sq_off");
static_assert(offsetof(struct io_uring_params, cq_off) == 80, "params cq_off");
static_assert(sizeof(struct io_uring_files_update) == 16, "files_update size");
static_assert(offsetof(struct io_uring_sqe, file_index) == 44, "sqe file_index");
static_assert(sizeof(struct io_uring_rsrc_register) == 32, "rsrc_register size");
static_assert(offsetof(struct io_uring_rsrc_register, tags) == 24, "rsrc_register tags");
static_assert(sizeof(struct io_uring_rsrc_update) == 16, "rsrc_update size");
static_assert(sizeof(struct io_uring_rsrc_update2) == 32, "rsrc_update2 size");
static_assert(offsetof(struct io_uring_rsrc_update2, nr) == 24, "rsrc_update2 nr");
static_assert(sizeof(struct io_uring_file_index_range) == 16, "file_index_range size");
static_assert(sizeof(struct io_uring_probe) == 16, "probe size");
static_assert(sizeof(struct io_uring_probe_op) == 8, "probe_op size");
static_assert(sizeof(struct iovec) == 16, "iovec size");
static_assert(sizeof(struct __kernel_timespec) == 16, "timespec size");

#endif
