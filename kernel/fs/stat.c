/*
 * stat(2), lstat(2), fstat(2) and newfstatat(2): struct stat
 * (include/uapi/stat.h) for a node of the tree or an open file, as
 * Linux's fs/stat.c.
 *
 * What the fields hold: st_dev is RAMFS_DEV for every node (one file
 * system), PIPEFS_DEV for pipes; st_ino the node's number (unique for the
 * boot); st_nlink 1 for a linked node, 0 once unlinked, and for
 * directories 2 plus one per subdirectory, as Linux counts; uid and gid
 * 0 (everyone is root); st_rdev Linux's number for the device nodes;
 * st_size bytes for regular files and the text's length for symbolic
 * links; st_blksize 4096; st_blocks the 512-byte blocks of the pages a
 * file really has (holes take none).  Times are 0 (the epoch): the ramfs
 * keeps none yet.  A file that is not a node (a pipe end, an io_uring
 * instance, a socket) reports what Linux's pipefs, anonymous inodes and
 * sockfs report: S_IFIFO|0600, mode 0600 with no type, S_IFSOCK|0777.
 */
#include "internal.h"
#include "syscalls.h"
#include "string.h"
#include "errno.h"
#include "net.h"

/* Fills *st for an open file; the tree lock is taken for a node. */
static void file_getattr(struct file *f, struct stat *st)
{
	unsigned long ino;

	if (f->f_inode) {
		mutex_lock(&ramfs_tree_lock);
		ramfs_getattr(f->f_inode, st);
		mutex_unlock(&ramfs_tree_lock);
		return;
	}
	memset(st, 0, sizeof(*st));
	st->st_blksize = 4096;
	st->st_nlink = 1;
	ino = pipe_ino(f);
	if (ino) {
		st->st_dev = PIPEFS_DEV;
		st->st_ino = ino;
		st->st_mode = S_IFIFO | 0600;
	} else if ((ino = sock_ino(f))) {
		st->st_dev = SOCKFS_DEV;	/* Linux's sockfs: S_IFSOCK, 0777 */
		st->st_ino = ino;
		st->st_mode = S_IFSOCK | 0777;
	} else {
		st->st_mode = 0600;	/* Linux's anon_inode */
	}
}

static int inode_stat(struct ramfs_inode *ri, struct stat __user *ubuf)
{
	struct stat st;

	mutex_lock(&ramfs_tree_lock);
	ramfs_getattr(ri, &st);
	mutex_unlock(&ramfs_tree_lock);
	ramfs_inode_put(ri);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct file *f = fget_raw_fd(fd);
	struct stat st;

	if (!f)
		return -EBADF;
	file_getattr(f, &st);
	fput(f);
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename, struct stat __user *, statbuf,
		int, flag)
{
	struct ramfs_inode *ri;
	char c;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	/* "" with AT_EMPTY_PATH is fstat of dfd, which may be a pipe (glibc's fstat). */
	if ((flag & AT_EMPTY_PATH) && dfd != AT_FDCWD && !copy_from_user(&c, filename, 1) &&
	    c == '\0')
		return sys_fstat((unsigned int)dfd, statbuf);
	err = user_lookup(dfd, filename, !(flag & AT_SYMLINK_NOFOLLOW), flag & AT_EMPTY_PATH, &ri);
	return err ? err : inode_stat(ri, statbuf);
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct stat __user *, statbuf)
{
	return sys_newfstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, filename, struct stat __user *, statbuf)
{
	return sys_newfstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}
