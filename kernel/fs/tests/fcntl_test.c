/*
 * Self-tests of fcntl.c (suite fcntl): dup(2), dup2(2), dup3(2) and
 * fcntl(2) errno for errno (EBADF, EINVAL, EMFILE), shared position and
 * status flags between duplicates, per-descriptor close-on-exec and
 * do_close_on_exec, F_SETFL changing only O_APPEND/O_NONBLOCK, O_PATH
 * descriptors; files_dup for fork; and a race: threads on two CPUs dup2
 * and close the same descriptors while a third reads through them, and
 * every read sees either -EBADF or the whole file, and nothing leaks.
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "sched.h"
#include "task.h"
#include "smp.h"
#include "string.h"
#include "slab.h"
#include "errno.h"
#include "timer.h"
#include "proc_ctx.h"

KTEST(fcntl, dup_family_errnos_and_sharing)
{
	struct saved_ctx s;
	char buf[4];
	long fd;

	ASSERT_TRUE(proc_enter(&s, 16));
	fd = sys_open("/fc", O_RDWR | O_CREAT, 0600);
	EXPECT_EQ(fd, 0);
	EXPECT_EQ(sys_write(0, "abcd", 4), 4);
	EXPECT_EQ(sys_dup(0), 1);
	EXPECT_EQ(sys_lseek(1, 1, SEEK_SET), 1);	/* one position for both */
	EXPECT_EQ(sys_read(0, buf, 1), 1);
	EXPECT_EQ(buf[0], 'b');
	EXPECT_EQ(sys_dup(9), -EBADF);
	EXPECT_EQ(sys_dup2(0, 5), 5);
	EXPECT_EQ(sys_dup2(5, 5), 5);
	EXPECT_EQ(sys_dup2(6, 6), -EBADF);
	EXPECT_EQ(sys_dup2(0, 16), -EBADF);	/* at the table's limit */
	EXPECT_EQ(sys_dup2(0, 0xffffffffu), -EBADF);
	EXPECT_EQ(sys_dup3(0, 0, 0), -EINVAL);
	EXPECT_EQ(sys_dup3(0, 6, O_NONBLOCK), -EINVAL);
	EXPECT_EQ(sys_dup3(0, 6, O_CLOEXEC), 6);
	EXPECT_EQ(sys_fcntl(6, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_dup3(1, 6, 0), 6);	/* replaces, and clears close-on-exec */
	EXPECT_EQ(sys_fcntl(6, F_GETFD, 0), 0);
	/* F_DUPFD: the lowest free at or above arg. */
	EXPECT_EQ(sys_fcntl(0, F_DUPFD, 5), 7);
	EXPECT_EQ(sys_fcntl(0, F_DUPFD_CLOEXEC, 12), 12);
	EXPECT_EQ(sys_fcntl(12, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_fcntl(0, F_DUPFD, 16), -EINVAL);
	EXPECT_EQ(sys_fcntl(0, F_DUPFD, (unsigned long)-1), -EINVAL);
	EXPECT_EQ(sys_fcntl(99, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_fcntl(0, F_SETFD, FD_CLOEXEC), 0);
	EXPECT_EQ(sys_fcntl(0, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(sys_fcntl(1, F_GETFD, 0), 0);	/* the flag is the descriptor's */
	EXPECT_EQ(sys_fcntl(0, 9999, 0), -EINVAL);
	/* F_SETFL: O_APPEND and O_NONBLOCK change, the access mode does not; shared. */
	EXPECT_EQ(sys_fcntl(0, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY | O_TRUNC), 0);
	EXPECT_EQ(sys_fcntl(1, F_GETFL, 0), O_RDWR | O_APPEND | O_NONBLOCK | O_LARGEFILE);
	EXPECT_EQ(sys_fcntl(0, F_SETFL, O_DIRECT), -EINVAL);
	EXPECT_EQ(sys_fcntl(0, F_SETFL, 0), 0);
	EXPECT_EQ(sys_fcntl(1, F_GETFL, 0), O_RDWR | O_LARGEFILE);
	/* O_PATH: dup and F_GETFL yes, F_SETFL no. */
	fd = sys_open("/fc", O_PATH, 0);
	EXPECT_GE(sys_dup((unsigned int)fd), 0);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_SETFL, O_APPEND), -EBADF);
	EXPECT_EQ(sys_fcntl((unsigned int)fd, F_GETFL, 0), O_PATH);	/* O_PATH drops O_LARGEFILE */
	/* exec closes 0 and 12, keeps the rest. */
	do_close_on_exec(current->files);
	EXPECT_EQ(sys_fcntl(0, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_fcntl(12, F_GETFD, 0), -EBADF);
	EXPECT_EQ(sys_fcntl(1, F_GETFD, 0), 0);
	EXPECT_EQ(sys_fcntl(7, F_GETFD, 0), 0);
	EXPECT_EQ(sys_unlink("/fc"), 0);
	proc_leave(&s);
}

KTEST(fcntl, emfile_and_files_dup)
{
	struct saved_ctx s;
	struct files_struct *copy;
	long live;

	ASSERT_TRUE(proc_enter(&s, 4));
	EXPECT_EQ(sys_open("/dev/null", O_RDONLY | O_CLOEXEC, 0), 0);
	EXPECT_EQ(sys_dup(0), 1);
	EXPECT_EQ(sys_dup(0), 2);
	EXPECT_EQ(sys_dup(0), 3);
	EXPECT_EQ(sys_dup(0), -EMFILE);
	EXPECT_EQ(sys_fcntl(0, F_DUPFD, 0), -EMFILE);
	EXPECT_EQ(sys_close(2), 0);
	live = nr_files_live();
	copy = files_dup(current->files);
	EXPECT_NOT_NULL(copy);
	EXPECT_EQ(nr_files_live(), live);	/* the same files, more references */
	if (copy) {
		EXPECT_EQ(fd_get_cloexec(copy, 0), 1);
		EXPECT_EQ(fd_get_cloexec(copy, 1), 0);
		EXPECT_EQ(fd_get_cloexec(copy, 2), -EBADF);
		EXPECT_EQ(files_max_fds(copy), 4);
		files_put(copy);
	}
	proc_leave(&s);
}

#define RACE_FILE_SIZE	512
#define RACE_FDS	4	/* fds 1..RACE_FDS are dup'd and closed */

struct dup_race {
	volatile bool stop;
	atomic_t bad_reads, good_reads, ebadf;
};

struct racer_arg {
	struct dup_race *r;
	int role;	/* 0: dup2, 1: close, 2: read */
};

static int racer(void *arg)
{
	struct dup_race *r = ((struct racer_arg *)arg)->r;
	int me = ((struct racer_arg *)arg)->role;
	char *buf = kmalloc(RACE_FILE_SIZE);

	if (!buf)
		return 1;
	for (unsigned int i = 0; !READ_ONCE(r->stop) && i < 20000; i++) {
		unsigned int fd = 1 + i % RACE_FDS;
		long n;

		if (me == 0) {
			sys_dup2(0, fd);
		} else if (me == 1) {
			sys_close(fd);
		} else {
			memset(buf, 0, RACE_FILE_SIZE);
			n = sys_pread64(fd, buf, RACE_FILE_SIZE, 0);
			if (n == -EBADF)
				atomic_inc(&r->ebadf);
			else if (n == RACE_FILE_SIZE && buf[0] == 'A' &&
				 buf[RACE_FILE_SIZE - 1] == 'A')
				atomic_inc(&r->good_reads);
			else
				atomic_inc(&r->bad_reads);
		}
		if (i % 64 == 0)
			schedule();
	}
	kfree(buf);
	return 0;
}

KTEST_OPTS(fcntl, dup2_close_race_with_readers, .min_cpus = 2)
{
	struct dup_race r = { .stop = false };
	struct racer_arg args[3];
	struct saved_ctx s;
	struct task *t[3];
	char *data = kmalloc(RACE_FILE_SIZE);
	long live;

	ASSERT_NOT_NULL(data);
	ASSERT_TRUE(proc_enter(&s, 8));
	memset(data, 'A', RACE_FILE_SIZE);
	EXPECT_EQ(sys_open("/fcr", O_RDWR | O_CREAT, 0600), 0);
	EXPECT_EQ(sys_write(0, data, RACE_FILE_SIZE), RACE_FILE_SIZE);
	live = nr_files_live();
	/* Three threads, each on its own CPU when there are three (on two, dup2 shares). */
	for (int i = 0; i < 3; i++) {
		args[i] = (struct racer_arg){ .r = &r, .role = i };
		t[i] = kthread_create_on_cpu(racer, &args[i], i % num_online_cpus(), "dup%d", i);
		if (t[i])
			wake_up_process(t[i]);
	}
	msleep(200);
	WRITE_ONCE(r.stop, true);
	for (int i = 0; i < 3; i++)
		if (t[i])
			kthread_stop(t[i]);
	EXPECT_EQ(atomic_read(&r.bad_reads), 0);
	EXPECT_GT(atomic_read(&r.good_reads), 0);
	for (unsigned int fd = 1; fd <= RACE_FDS; fd++)
		sys_close(fd);
	EXPECT_EQ(nr_files_live(), live);
	EXPECT_EQ(sys_unlink("/fcr"), 0);
	proc_leave(&s);
	kfree(data);
}
