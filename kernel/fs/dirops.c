/*
 * The system calls that change names in the tree or read a link's text:
 * mkdir(2) mkdirat(2), rmdir(2), unlink(2) unlinkat(2), rename(2)
 * renameat(2) renameat2(2), symlink(2) symlinkat(2), readlink(2)
 * readlinkat(2).  Each copies its paths in (getname), finds its base
 * directories (at_base) and hands the work to namei.c, which does it
 * under the tree lock with Linux's checks in Linux's order.  renameat2
 * accepts RENAME_NOREPLACE and RENAME_EXCHANGE as Linux's ramfs does;
 * RENAME_WHITEOUT and unknown flags are -EINVAL.
 */
#include "internal.h"
#include "syscalls.h"
#include "errno.h"

/* A path relative to dfd, copied in with its base: 0 or -errno (then nothing is held). */
struct at_path {
	char *name;
	struct ramfs_inode *base;
};

static int at_path_get(int dfd, const char __user *upath, struct at_path *ap)
{
	int err = getname(upath, false, &ap->name);

	if (err)
		return err;
	err = at_base(dfd, ap->name, &ap->base);
	if (err)
		putname(ap->name);
	return err;
}

static void at_path_put(struct at_path *ap)
{
	base_put(ap->base);
	putname(ap->name);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, unsigned int, mode)
{
	struct at_path ap;
	int err = at_path_get(dfd, pathname, &ap);

	if (err)
		return err;
	err = ramfs_mkdir_at(ap.base, ap.name, mode);
	at_path_put(&ap);
	return err;
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, unsigned int, mode)
{
	return sys_mkdirat(AT_FDCWD, pathname, mode);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	struct at_path ap;
	int err;

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	err = at_path_get(dfd, pathname, &ap);
	if (err)
		return err;
	if (flag & AT_REMOVEDIR)
		err = ramfs_rmdir_at(ap.base, ap.name);
	else
		err = ramfs_unlink_at(ap.base, ap.name);
	at_path_put(&ap);
	return err;
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, 0);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, AT_REMOVEDIR);
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname, unsigned int, flags)
{
	struct at_path o, n;
	int err;

	err = at_path_get(olddfd, oldname, &o);
	if (err)
		return err;
	err = at_path_get(newdfd, newname, &n);
	if (!err) {
		err = ramfs_rename_at(o.base, o.name, n.base, n.name, flags);
		at_path_put(&n);
	}
	at_path_put(&o);
	return err;
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd, const char __user *, newname)
{
	struct at_path ap;
	char *target;
	int err = getname(oldname, false, &target);

	if (err)
		return err;
	err = at_path_get(newdfd, newname, &ap);
	if (!err) {
		err = ramfs_symlink_at(ap.base, ap.name, target);
		at_path_put(&ap);
	}
	putname(target);
	return err;
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *, newname)
{
	return sys_symlinkat(oldname, AT_FDCWD, newname);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf, int,
		bufsiz)
{
	struct at_path ap;
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	ret = at_path_get(dfd, pathname, &ap);
	if (ret)
		return ret;
	ret = ramfs_readlink_at(ap.base, ap.name, buf, (size_t)bufsiz);
	at_path_put(&ap);
	return ret;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
