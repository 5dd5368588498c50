/*
 * Opening and closing, and the other calls that act on one name or one
 * descriptor's node: openat(2) open(2) creat(2) close(2), faccessat(2)
 * access(2), chdir(2) fchdir(2), chmod(2) fchmod(2) fchmodat(2),
 * truncate(2) ftruncate(2), as Linux's
 * fs/open.c; also the helpers every path call uses (getname, at_base).
 *
 * Paths are copied from user memory once (getname) into a PATH_MAX
 * buffer, and then walked by namei.c under the tree lock.  A relative
 * path starts at the current directory (AT_FDCWD) or at a directory fd;
 * the base is held by a counted reference for the call, so a concurrent
 * close of that fd or chdir by a sharing thread cannot free it.
 *
 * Flags follow Linux's build_open_how and build_open_flags: unknown bits
 * are ignored, O_LARGEFILE is implied (64-bit), the mode counts only with
 * O_CREAT, O_PATH keeps only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC, and
 * O_CLOEXEC is the descriptor's flag, not the file's (F_GETFL never shows
 * it).  O_DIRECT is -EINVAL: no file here does direct I/O.  O_TMPFILE is -EOPNOTSUPP (the ramfs has no unnamed files
 * by path).  Everyone is root, so access(2) grants R_OK and W_OK always
 * and X_OK to anything with an x bit and to directories, and chmod(2) is
 * always permitted.  chmod changes only the permission bits (the type is
 * fixed), with one store that readers see whole, old or new.  A file with
 * no node (a pipe, a device opened through no path) keeps its fixed mode:
 * fchmod on it is -EINVAL, a documented limit (Linux changes the pipe
 * inode's mode).
 */
#include "internal.h"
#include "syscalls.h"
#include "slab.h"
#include "errno.h"
#include "task.h"

/* Linux's VALID_OPEN_FLAGS: what open(2) looks at. */
#define VALID_OPEN_FLAGS \
	(O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
	 O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | \
	 O_NOATIME | O_CLOEXEC | O_PATH | __O_TMPFILE | __O_SYNC)
#define O_PATH_FLAGS	(O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

int getname(const char __user *upath, bool empty_ok, char **out)
{
	char *name = kmalloc(PATH_MAX);
	long len;

	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, upath, PATH_MAX);
	if (len < 0 || len == PATH_MAX || (len == 0 && !empty_ok)) {
		kfree(name);
		return len < 0 ? -EFAULT : len ? -ENAMETOOLONG : -ENOENT;
	}
	*out = name;
	return 0;
}

void putname(char *name)
{
	kfree(name);
}

struct file *fget_raw_fd(long fd)
{
	if (!current->files || fd < 0 || fd > 0x7fffffff)
		return NULL;
	return fdget_raw(current->files, (int)fd);
}

struct file *fget_fd(long fd)
{
	if (!current->files || fd < 0 || fd > 0x7fffffff)
		return NULL;
	return fdget(current->files, (int)fd);
}

int at_base(int dfd, const char *path, struct ramfs_inode **base)
{
	struct file *f;
	int err = 0;

	*base = NULL;
	if (path[0] == '/')
		return 0;
	if (dfd == AT_FDCWD) {
		*base = fs_pwd();
		return 0;
	}
	f = fget_raw_fd(dfd);
	if (!f)
		return -EBADF;
	if (!f->f_inode || !S_ISDIR(f->f_inode->mode))
		err = -ENOTDIR;
	else
		*base = ramfs_inode_get(f->f_inode);
	fput(f);
	return err;
}

void base_put(struct ramfs_inode *base)
{
	if (base)
		ramfs_inode_put(base);
}

int kernel_openat(int dfd, const char *path, unsigned int flags, unsigned int mode,
		  struct file **out)
{
	struct ramfs_inode *base;
	int err;

	/* 64-bit: every open is O_LARGEFILE (force_o_largefile), but O_PATH keeps only its own. */
	flags = (flags & VALID_OPEN_FLAGS) | O_LARGEFILE;
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;
	if ((flags & __O_TMPFILE) == __O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & __O_SYNC)
		flags |= O_DSYNC;
	if (!path[0])
		return -ENOENT;
	err = at_base(dfd, path, &base);
	if (!err)
		err = ramfs_open_at(base, path, flags, mode, out);
	base_put(base);
	return err;
}

/* Linux's do_sys_openat2 for the flags build_open_flags lets through. */
static long do_open(int dfd, const char __user *upath, unsigned int flags, unsigned int mode)
{
	struct file *f;
	char *path;
	int err, fd;

	err = getname(upath, false, &path);
	if (err)
		return err;
	err = kernel_openat(dfd, path, flags, mode, &f);
	putname(path);
	if (err)
		return err;
	if (!current->files) {
		fput(f);
		return -EMFILE;
	}
	fd = fd_install_from(current->files, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, unsigned int, mode)
{
	return do_open(AT_FDCWD, filename, (unsigned int)flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, unsigned int, mode)
{
	return do_open(dfd, filename, (unsigned int)flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, pathname, unsigned int, mode)
{
	return do_open(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	if (!current->files || fd > 0x7fffffff)
		return -EBADF;
	return fd_close(current->files, (int)fd);
}

int user_lookup(int dfd, const char __user *upath, bool follow, bool empty_ok,
		struct ramfs_inode **out)
{
	struct ramfs_inode *base;
	char *path;
	int err = getname(upath, empty_ok, &path);

	if (err)
		return err;
	if (!path[0]) {		/* AT_EMPTY_PATH: dfd itself */
		struct file *f = dfd == AT_FDCWD ? NULL : fget_raw_fd(dfd);

		if (dfd == AT_FDCWD)
			*out = fs_pwd();
		else if (!f || !f->f_inode)
			err = -EBADF;	/* a pipe has no node: callers with files handle them first */
		else
			*out = ramfs_inode_get(f->f_inode);
		if (f)
			fput(f);
		putname(path);
		return err;
	}
	err = at_base(dfd, path, &base);
	if (!err)
		err = ramfs_lookup_at(base, path, follow, out);
	base_put(base);
	putname(path);
	return err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	struct ramfs_inode *ri;
	int err;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return -EINVAL;
	err = user_lookup(dfd, filename, true, false, &ri);
	if (err)
		return err;
	if ((mode & X_OK) && !S_ISDIR(ri->mode) && !(ri->mode & S_IXUGO))
		err = -EACCES;
	ramfs_inode_put(ri);
	return err;
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return sys_faccessat(AT_FDCWD, filename, mode);
}

static int set_pwd(struct ramfs_inode *ri)
{
	int err = S_ISDIR(ri->mode) ? fs_set_pwd(ri) : -ENOTDIR;

	ramfs_inode_put(ri);
	return err;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	struct ramfs_inode *ri;
	int err = user_lookup(AT_FDCWD, filename, true, false, &ri);

	return err ? err : set_pwd(ri);
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct file *f = fget_raw_fd(fd);
	struct ramfs_inode *ri;

	if (!f)
		return -EBADF;
	ri = f->f_inode ? ramfs_inode_get(f->f_inode) : NULL;
	fput(f);
	return ri ? set_pwd(ri) : -ENOTDIR;
}

static int chmod_inode(struct ramfs_inode *ri, unsigned int mode)
{
	WRITE_ONCE(ri->mode, (ri->mode & S_IFMT) | (mode & S_IALLUGO));
	ramfs_inode_put(ri);
	return 0;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, unsigned int, mode)
{
	struct ramfs_inode *ri;
	int err = user_lookup(dfd, filename, true, false, &ri);

	return err ? err : chmod_inode(ri, mode);
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, unsigned int, mode)
{
	return sys_fchmodat(AT_FDCWD, filename, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, unsigned int, mode)
{
	struct file *f = fd > 0x7fffffff || !current->files ? NULL : fdget(current->files, (int)fd);
	struct ramfs_inode *ri;

	if (!f)
		return -EBADF;	/* O_PATH descriptors too: fdget does not return them */
	ri = f->f_inode ? ramfs_inode_get(f->f_inode) : NULL;
	fput(f);
	return ri ? chmod_inode(ri, mode) : -EINVAL;
}

SYSCALL_DEFINE2(truncate, const char __user *, path, long, length)
{
	struct ramfs_inode *ri;
	int err;

	if (length < 0)
		return -EINVAL;
	err = user_lookup(AT_FDCWD, path, true, false, &ri);
	if (err)
		return err;
	err = S_ISDIR(ri->mode)	 ? -EISDIR :
	      !S_ISREG(ri->mode) ? -EINVAL :
				   ramfs_truncate(ri, length);
	ramfs_inode_put(ri);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, unsigned long, length)
{
	struct file *f;
	int err = -EINVAL;

	if ((long)length < 0)
		return -EINVAL;
	f = fget_fd(fd);
	if (!f)
		return -EBADF;
	if (f->f_inode && S_ISREG(f->f_inode->mode) && (f->f_flags & O_ACCMODE) != O_RDONLY &&
	    (f->f_flags & O_ACCMODE) != O_ACCMODE)
		err = ramfs_truncate(f->f_inode, (long long)length);
	fput(f);
	return err;
}
