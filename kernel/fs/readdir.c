/*
 * getdents64(2): a directory's entries as struct linux_dirent64 records
 * (include/uapi/dirent.h), as Linux's fs/readdir.c.
 *
 * ramfs_iterate offers the entries from the file's position; each is
 * copied straight to the user buffer while the tree lock is held (a user
 * page fault then only fails the copy: nothing in the fault path takes
 * the tree lock).  A record's d_off is the position a later call resumes
 * from after it, which is only known when the next entry is offered or
 * the listing ends, so, as Linux's filldir64, the previous record's d_off
 * is written then.  A buffer too small for even the first record is
 * -EINVAL; a fault in the buffer is -EFAULT unless records were written.
 * The order is Linux's: -EBADF, then -ENOTDIR or -ENOENT (a removed
 * directory), then whatever the copies find.
 */
#include "internal.h"
#include "syscalls.h"
#include "string.h"
#include "errno.h"

struct getdents_ctx {
	struct file *dir;
	char __user *buf;
	size_t size, used;
	struct linux_dirent64 __user *prev;
	int err;
};

static size_t reclen(size_t namelen)
{
	return (offsetof(struct linux_dirent64, d_name) + namelen + 1 + 7) & ~(size_t)7;
}

/* Writes prev's d_off: the position after it, which is the file's position now. */
static bool finish_prev(struct getdents_ctx *c)
{
	int64_t off = c->dir->f_pos;

	if (c->prev && copy_to_user(&c->prev->d_off, &off, sizeof(off))) {
		c->err = -EFAULT;
		return false;
	}
	return true;
}

static bool filldir64(void *ctx, const char *name, size_t len, unsigned long ino, unsigned int type)
{
	struct getdents_ctx *c = ctx;
	size_t rl = reclen(len);
	struct {
		struct linux_dirent64 d;
		char name[NAME_MAX + 1 + 8];
	} rec;

	if (c->used + rl > c->size) {
		if (!c->prev)
			c->err = -EINVAL;	/* not even one record fits */
		return false;
	}
	if (!finish_prev(c))
		return false;
	memset(&rec, 0, rl);
	rec.d.d_ino = ino;
	rec.d.d_off = 0;	/* written with the next record */
	rec.d.d_reclen = (unsigned short)rl;
	rec.d.d_type = (unsigned char)type;
	memcpy(rec.d.d_name, name, len);
	if (copy_to_user(c->buf + c->used, &rec, rl)) {
		c->err = -EFAULT;
		return false;
	}
	c->prev = (struct linux_dirent64 __user *)(c->buf + c->used);
	c->used += rl;
	return true;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, struct linux_dirent64 __user *, dirent, unsigned int,
		count)
{
	struct getdents_ctx c = { .buf = (char __user *)dirent, .size = count };
	struct file *f;
	int err;

	f = fget_fd(fd);
	if (!f)
		return -EBADF;
	c.dir = f;
	err = ramfs_iterate(f, filldir64, &c);
	if (!err && c.prev && !finish_prev(&c))
		c.prev = NULL;
	fput(f);
	if (err)
		return err;
	if (c.used && c.prev)
		return (long)c.used;
	return c.err;
}
