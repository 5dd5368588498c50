/*
 * Self-tests of readdir.c (suite readdir): getdents64(2) records (d_ino,
 * d_type, d_reclen aligned to 8, NUL-terminated names, d_off usable with
 * lseek to resume), a buffer that holds a few records at a time,
 * -EINVAL when not even one fits, -ENOTDIR, -EBADF, -EFAULT, -ENOENT
 * for a removed directory, and rewinding with lseek(0).
 */
#include "ktest.h"
#include "../internal.h"
#include "syscalls.h"
#include "task.h"
#include "string.h"
#include "printf.h"
#include "slab.h"
#include "errno.h"
#include "proc_ctx.h"

#define NFILES	20

/* Lists fd to the end with a buffer of size bytes; counts names seen and checks each record. */
static int list_all(unsigned int fd, unsigned int size, int *bad, int64_t *second_off)
{
	char *buf = kmalloc(size);
	int n = 0;
	long got;

	if (!buf)
		return -1;
	while ((got = sys_getdents64(fd, (struct linux_dirent64 *)buf, size)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			if (d->d_reclen % 8 || d->d_reclen < 24 || !d->d_ino ||
			    strlen(d->d_name) + 20 > d->d_reclen)
				(*bad)++;
			if (n == 1)
				*second_off = d->d_off;
			if (n == 0 && (strcmp(d->d_name, ".") || d->d_type != DT_DIR))
				(*bad)++;
			if (n >= 2 && d->d_type != (strncmp(d->d_name, "d", 1) ? DT_REG : DT_DIR))
				(*bad)++;
			n++;
			off += d->d_reclen;
		}
	}
	kfree(buf);
	return got < 0 ? (int)got : n;
}

KTEST(readdir, records_resume_and_errnos)
{
	struct saved_ctx s;
	int64_t second_off = -1;
	char name[16], small[24];
	int bad = 0;
	long fd, dfd;

	ASSERT_TRUE(proc_enter(&s, 8));
	EXPECT_EQ(sys_mkdir("/rd", 0755), 0);
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "/rd/%c%d", i % 4 ? 'f' : 'd', i);
		if (i % 4)
			EXPECT_EQ(sys_close((unsigned int)sys_open(name, O_CREAT | O_RDWR, 0600)),
				  0);
		else
			EXPECT_EQ(sys_mkdir(name, 0700), 0);
	}
	dfd = sys_open("/rd", O_RDONLY | O_DIRECTORY, 0);
	EXPECT_EQ(list_all((unsigned int)dfd, 4096, &bad, &second_off), NFILES + 2);
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(sys_getdents64((unsigned int)dfd, (struct linux_dirent64 *)small, 24), 0);
	/* A buffer of 64 bytes holds two or so records at a time: the same listing. */
	EXPECT_EQ(sys_lseek((unsigned int)dfd, 0, SEEK_SET), 0);
	EXPECT_EQ(list_all((unsigned int)dfd, 64, &bad, &second_off), NFILES + 2);
	EXPECT_EQ(bad, 0);
	/* d_off of ".." resumes after it: the rest are the NFILES entries. */
	EXPECT_EQ(sys_lseek((unsigned int)dfd, second_off, SEEK_SET), second_off);
	bad = 0;
	EXPECT_EQ(list_all((unsigned int)dfd, 256, &bad, &second_off), NFILES);
	/* Not even "." fits in 16 bytes. */
	EXPECT_EQ(sys_lseek((unsigned int)dfd, 0, SEEK_SET), 0);
	EXPECT_EQ(sys_getdents64((unsigned int)dfd, (struct linux_dirent64 *)small, 16), -EINVAL);
	EXPECT_EQ(sys_getdents64((unsigned int)dfd, (struct linux_dirent64 *)16, 4096), -EFAULT);
	EXPECT_EQ(sys_lseek((unsigned int)dfd, 0, SEEK_END), -EINVAL);
	EXPECT_EQ(sys_lseek((unsigned int)dfd, -1, SEEK_SET), -EINVAL);
	fd = sys_open("/rd/f1", O_RDONLY, 0);
	EXPECT_EQ(sys_getdents64((unsigned int)fd, (struct linux_dirent64 *)small, 24), -ENOTDIR);
	EXPECT_EQ(sys_getdents64(99, (struct linux_dirent64 *)small, 24), -EBADF);
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "/rd/%c%d", i % 4 ? 'f' : 'd', i);
		EXPECT_EQ(i % 4 ? sys_unlink(name) : sys_rmdir(name), 0);
	}
	EXPECT_EQ(sys_rmdir("/rd"), 0);
	EXPECT_EQ(sys_lseek((unsigned int)dfd, 0, SEEK_SET), 0);
	EXPECT_EQ(sys_getdents64((unsigned int)dfd, (struct linux_dirent64 *)small, 24), -ENOENT);
	proc_leave(&s);
}
