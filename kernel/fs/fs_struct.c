/*
 * A process's file-system context (API in include/file.h and, for its
 * directory, internal.h): the current directory and the umask, Linux's
 * fs_struct, with chdir(2), fchdir(2), getcwd(2) and umask(2).
 *
 * The context is counted: threads made with CLONE_FS share one (fs_get),
 * fork(2) copies it (fs_copy).  The current directory is a counted
 * reference to its inode, so a directory removed while it is someone's
 * current one stays valid memory: lookups in it find nothing, creating in
 * it is -ENOENT, and getcwd(2) is -ENOENT, as Linux 6.1 (which would
 * print "(unreachable)" only through /proc).  A spinlock guards pwd and
 * umask: a reader takes its own reference under it, so a chdir by a
 * sharing thread at the same moment cannot free the inode under it.
 *
 * A task with no context (task->fs NULL: kernel threads nobody gave one)
 * works in "/" with umask 022; the calls that change the context make one
 * for it first (fs_current).
 *
 * getcwd builds the name from the directory up to "/" under the tree
 * lock, so a rename elsewhere cannot tear it: it sees the tree before or
 * after the rename, never half.
 */
#include "internal.h"
#include "syscalls.h"
#include "spinlock.h"
#include "slab.h"
#include "string.h"
#include "errno.h"
#include "task.h"

#define DEFAULT_UMASK	0022

struct fs_struct {
	atomic_t refs;
	spinlock_t lock;
	struct ramfs_inode *pwd;	/* counted */
	unsigned int umask;
};

static struct fs_struct *fs_new(struct ramfs_inode *pwd, unsigned int umask)
{
	struct fs_struct *fs = kmalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "fs_struct");
	fs->pwd = pwd;
	fs->umask = umask;
	return fs;
}

struct fs_struct *fs_alloc(void)
{
	struct fs_struct *fs = fs_new(ramfs_root, DEFAULT_UMASK);

	if (fs)
		ramfs_inode_get(ramfs_root);
	return fs;
}

struct fs_struct *fs_copy(struct fs_struct *old)
{
	struct fs_struct *fs;
	struct ramfs_inode *pwd;
	unsigned int umask;

	spin_lock(&old->lock);
	pwd = ramfs_inode_get(old->pwd);
	umask = old->umask;
	spin_unlock(&old->lock);
	fs = fs_new(pwd, umask);
	if (!fs)
		ramfs_inode_put(pwd);
	return fs;
}

struct fs_struct *fs_get(struct fs_struct *fs)
{
	atomic_inc(&fs->refs);
	return fs;
}

void fs_put(struct fs_struct *fs)
{
	if (!fs || !atomic_dec_and_test(&fs->refs))
		return;
	ramfs_inode_put(fs->pwd);
	kfree(fs);
}

struct fs_struct *fs_current(void)
{
	if (!current->fs)
		current->fs = fs_alloc();
	return current->fs;
}

unsigned int current_umask(void)
{
	struct fs_struct *fs = current->fs;

	return fs ? READ_ONCE(fs->umask) : DEFAULT_UMASK;
}

struct ramfs_inode *fs_pwd(void)
{
	struct fs_struct *fs = current->fs;
	struct ramfs_inode *pwd;

	if (!fs)
		return ramfs_inode_get(ramfs_root);
	spin_lock(&fs->lock);
	pwd = ramfs_inode_get(fs->pwd);
	spin_unlock(&fs->lock);
	return pwd;
}

int fs_set_pwd(struct ramfs_inode *dir)
{
	struct fs_struct *fs = fs_current();
	struct ramfs_inode *old;

	if (!fs)
		return -ENOMEM;
	ramfs_inode_get(dir);
	spin_lock(&fs->lock);
	old = fs->pwd;
	fs->pwd = dir;
	spin_unlock(&fs->lock);
	ramfs_inode_put(old);
	return 0;
}

long ramfs_path_of(struct ramfs_inode *ri, char *buf, size_t size)
{
	size_t pos = size, len;
	long ret;

	mutex_lock(&ramfs_tree_lock);
	ret = -ENOENT;
	if (ramfs_dead_dir(ri))
		goto out;
	ret = -ERANGE;
	if (pos == 0)
		goto out;
	buf[--pos] = '\0';
	for (; ri != ramfs_root; ri = ri->parent) {
		len = strlen(ri->name);
		if (pos < len + 1)
			goto out;
		pos -= len;
		memcpy(buf + pos, ri->name, len);
		buf[--pos] = '/';
	}
	if (pos == size - 1) {		/* "/" itself */
		if (pos == 0)
			goto out;
		buf[--pos] = '/';
	}
	ret = (long)(size - pos);
	memmove(buf, buf + pos, (size_t)ret);
out:
	mutex_unlock(&ramfs_tree_lock);
	return ret;
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct ramfs_inode *pwd = fs_pwd();
	char *page = kmalloc(PATH_MAX);
	long len = -ENOMEM;

	if (page)
		len = ramfs_path_of(pwd, page, PATH_MAX);
	ramfs_inode_put(pwd);
	if (len == -ERANGE)
		len = -ENAMETOOLONG;	/* longer than PATH_MAX: no buffer could hold it */
	/* Linux builds the name first, then compares with size: ENOENT before ERANGE. */
	if (len > 0 && (unsigned long)len > size)
		len = -ERANGE;
	if (len > 0 && copy_to_user(buf, page, (size_t)len))
		len = -EFAULT;
	kfree(page);
	return len;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = fs_current();
	unsigned int old;

	if (!fs)
		return DEFAULT_UMASK;	/* nothing to change it in; as Linux, umask never fails */
	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = (unsigned int)mask & 0777;
	spin_unlock(&fs->lock);
	return old;
}
