/*
 * Path lookup and the operations by path on the ramfs tree (API in
 * include/ramfs.h and internal.h), as Linux's fs/namei.c is for the VFS.
 *
 * A path is split into components at slashes (several in a row count as
 * one).  An absolute path starts at "/", a relative one at the base the
 * caller gives (the current directory or a directory fd).  Every
 * operation walks all components but the last (walk_text), each of which
 * must name a directory or a symbolic link to one, and then acts on the
 * last one in the directory reached: open or create it, make it, remove
 * it.  The whole operation runs under ramfs_tree_lock (see ramfs.c for
 * why one lock), so what the walk found is still there when it acts: no
 * reference counting during the walk, no retry.
 *
 * Symbolic links.  A link met in the middle of a path is replaced by its
 * text: the rest of the path is pushed on a stack, the walk goes on
 * through the text (from "/" if it is absolute, else from the link's
 * directory), and when the text's last component has been stepped
 * through (as a directory: it is not the path's last) the rest is popped.
 * So nesting costs one pointer per level, not a recursion.  A link as the
 * last component is followed or not by the caller's choice (follow_last):
 * open(2) and stat(2) follow, lstat(2), unlink(2), rename(2), O_NOFOLLOW
 * do not, and a trailing slash always does, as in Linux.  A walk follows
 * at most MAXSYMLINKS (40) links in all, then fails with -ELOOP.  A link
 * may compute its text per walk (lnk.get_link, for /proc/self/exe); that
 * text lives in a buffer the walk frees when it ends (nd_done), because
 * the last component may point into it.
 *
 * The errnos are Linux's: ENOENT for a missing component (and for the
 * empty path), ENOTDIR for a component that is not a directory (also the
 * last one when the path ends in a slash), ENAMETOOLONG for a path of
 * PATH_MAX bytes or more or a component longer than NAME_MAX, ELOOP.
 *
 * Limits: ".." of a directory that was removed is that directory (Linux
 * keeps the old parent); there are no permissions to check (everyone is
 * root).
 */
#include "internal.h"
#include "slab.h"
#include "string.h"
#include "errno.h"

struct nameidata {
	struct ramfs_inode *dir;	/* where the last component is */
	const char *last;		/* NULL for a path that ends at a directory: "/" */
	size_t len;
	bool slash;			/* the path ends in a slash: last must be a directory */
	int links;			/* links followed so far */
	int depth;
	const char *stack[MAXSYMLINKS];	/* the rest of each text a link interrupted */
	int nbufs;
	char *bufs[MAXSYMLINKS];	/* texts computed by get_link */
};

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static void nd_init(struct nameidata *nd, struct ramfs_inode *base)
{
	nd->dir = base ? base : ramfs_root;
	nd->links = 0;
	nd->nbufs = 0;
	nd->depth = 0;
	memset(nd->stack, 0, sizeof(nd->stack));
}

static void nd_done(struct nameidata *nd)
{
	while (nd->nbufs)
		kfree(nd->bufs[--nd->nbufs]);
}

/* The inode name[0..len) means in dir, or NULL; "." and ".." included. */
static struct ramfs_inode *step(struct ramfs_inode *dir, const char *name, size_t len)
{
	if (is_dot(name, len))
		return dir;
	if (is_dotdot(name, len))
		return dir->parent ? dir->parent : dir;	/* ".." of "/" is "/" */
	return ramfs_find(dir, name, len);
}

/* The text of link, counting it against MAXSYMLINKS; 0 or -errno.  Tree lock held. */
static int get_link(struct nameidata *nd, struct ramfs_inode *link, const char **text)
{
	char *buf;
	int n;

	if (nd->links++ >= MAXSYMLINKS)
		return -ELOOP;
	if (!link->lnk.get_link) {
		*text = link->lnk.target;
		return 0;
	}
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = link->lnk.get_link(buf, PATH_MAX);
	if (n >= PATH_MAX)
		n = -ENAMETOOLONG;
	if (n < 0) {
		kfree(buf);
		return n;
	}
	buf[n] = '\0';
	nd->bufs[nd->nbufs++] = buf;	/* links <= MAXSYMLINKS bounds nbufs */
	*text = buf;
	return *buf ? 0 : -ENOENT;
}

/* The rest of the text the innermost link interrupted ("" if none: never, by the walk's logic). */
static const char *pop(struct nameidata *nd)
{
	return nd->depth > 0 ? nd->stack[--nd->depth] : "";
}

/*
 * Walks text from nd->dir (from "/" if it is absolute) up to its last
 * component, following links on the way, and leaves that component in
 * nd->last.  Tree lock held.  0 or -errno.
 */
static int walk_text(struct nameidata *nd, const char *p)
{
	nd->depth = 0;
	if (*p == '/')
		nd->dir = ramfs_root;
	for (;;) {
		const char *name, *end, *text;
		struct ramfs_inode *next;
		int err;

		while (*p == '/')
			p++;
		if (*p == '\0') {
			if (nd->depth == 0) {
				nd->last = NULL;	/* "/": the directory itself */
				nd->slash = true;
				return 0;
			}
			p = pop(nd);	/* a link to "/": go on from there */
			continue;
		}
		name = p;
		end = strchr(name, '/');
		if (!end)
			end = name + strlen(name);
		if ((size_t)(end - name) > NAME_MAX)
			return -ENAMETOOLONG;
		for (p = end; *p == '/'; p++)
			;
		if (*p == '\0' && nd->depth == 0) {
			nd->last = name;
			nd->len = (size_t)(end - name);
			nd->slash = *end == '/';
			return 0;
		}
		next = step(nd->dir, name, (size_t)(end - name));
		if (!next)
			return -ENOENT;
		if (*p == '\0')
			p = pop(nd);	/* a link's text is done: back to the rest */
		if (S_ISLNK(next->mode)) {
			err = get_link(nd, next, &text);
			if (err)
				return err;
			nd->stack[nd->depth++] = p;	/* depth <= links <= MAXSYMLINKS */
			p = text;
			if (*p == '/')
				nd->dir = ramfs_root;
			continue;
		}
		if (!S_ISDIR(next->mode))
			return -ENOTDIR;
		nd->dir = next;
	}
}

/* Starts a walk of path from base: all but the last component.  Tree lock held. */
static int walk_parent(struct nameidata *nd, struct ramfs_inode *base, const char *path)
{
	nd_init(nd, base);
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	if (*path == '\0')
		return -ENOENT;
	return walk_text(nd, path);
}

/*
 * The inode the last component names (NULL if none), following a link
 * there if follow or the path ends in a slash; nd->dir and nd->last then
 * describe the link's target.  Tree lock held.  0 or -errno.
 */
static int follow_last(struct nameidata *nd, bool follow, struct ramfs_inode **out)
{
	for (;;) {
		struct ramfs_inode *ri = nd->last ? step(nd->dir, nd->last, nd->len) : nd->dir;
		const char *text;
		bool slash = nd->slash;
		int err;

		if (!ri || !S_ISLNK(ri->mode) || !(follow || slash)) {
			*out = ri;
			return 0;
		}
		err = get_link(nd, ri, &text);
		if (!err)
			err = walk_text(nd, text);
		if (err)
			return err;
		nd->slash |= slash;
	}
}

/* Resolves the whole path: 0 with the inode in *out, or -errno.  Tree lock held. */
static int walk_path(struct nameidata *nd, struct ramfs_inode *base, const char *path, bool follow,
		     struct ramfs_inode **out)
{
	int err = walk_parent(nd, base, path);

	if (!err)
		err = follow_last(nd, follow, out);
	if (err)
		return err;
	if (!*out)
		return -ENOENT;
	if (nd->slash && !S_ISDIR((*out)->mode))
		return -ENOTDIR;
	return 0;
}

/* The last component is a plain name: not "/", ".", or "..". */
static bool last_is_name(const struct nameidata *nd)
{
	return nd->last && !is_dot(nd->last, nd->len) && !is_dotdot(nd->last, nd->len);
}

/*
 * Makes a new inode of mode as the last component of nd, as Linux's
 * filename_create: -EEXIST if something (even a dangling link) is there
 * or the name is ".", ".." or "/"; -ENOENT for "name/" unless want_dir,
 * or in a removed directory; -ENOMEM.  Tree lock held.
 */
static int make_last(const struct nameidata *nd, unsigned int mode, bool want_dir,
		     struct ramfs_inode **out)
{
	struct ramfs_inode *ri;

	if (!last_is_name(nd) || ramfs_find(nd->dir, nd->last, nd->len))
		return -EEXIST;
	if ((nd->slash && !want_dir) || ramfs_dead_dir(nd->dir))
		return -ENOENT;
	ri = ramfs_inode_alloc(mode, nd->last, nd->len);
	if (!ri)
		return -ENOMEM;
	ramfs_link(nd->dir, ri);
	*out = ri;
	return 0;
}

int ramfs_open_at(struct ramfs_inode *base, const char *path, unsigned int flags, unsigned int mode,
		  struct file **out)
{
	/* O_PATH ignores O_CREAT; O_CREAT|O_EXCL never follows a last link. */
	bool creat = (flags & O_CREAT) && !(flags & O_PATH);
	bool follow = !(flags & O_NOFOLLOW) && !(creat && (flags & O_EXCL));
	struct ramfs_inode *ri;
	struct nameidata nd;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(&nd, base, path);
	if (!err)
		err = follow_last(&nd, follow, &ri);
	if (err)
		goto out;
	/*
	 * O_CREAT: "name/" is -EISDIR before anything else (Linux's
	 * open_last_lookups), an existing directory after O_EXCL's -EEXIST.
	 */
	if (creat &&
	    ((nd.slash && last_is_name(&nd)) || (ri && S_ISDIR(ri->mode) && !(flags & O_EXCL)))) {
		err = -EISDIR;
	} else if (!ri && !creat) {
		err = -ENOENT;
	} else if (!ri) {
		err = make_last(&nd, S_IFREG | (mode & S_IALLUGO & ~current_umask()), false, &ri);
	} else if (creat && (flags & O_EXCL)) {
		err = -EEXIST;
	} else if (!S_ISDIR(ri->mode) && (nd.slash || (flags & O_DIRECTORY))) {
		/* O_PATH|O_NOFOLLOW may hold a link itself; O_DIRECTORY still wants a directory. */
		err = -ENOTDIR;
	}
	if (!err)
		err = ramfs_open_inode(ri, flags, out);
	/* A file made here and not opened (no memory) stays, as in Linux. */
out:
	nd_done(&nd);
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

int ramfs_open(const char *path, unsigned int flags, unsigned int mode, struct file **out)
{
	return ramfs_open_at(NULL, path, flags, mode, out);
}

/* mkdir, mknod and symlink: make the last component of path with mode. */
static int make_path(struct ramfs_inode *base, const char *path, unsigned int mode,
		     struct ramfs_inode **made)
{
	struct ramfs_inode *ri;
	struct nameidata nd;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(&nd, base, path);
	if (!err)
		err = make_last(&nd, mode, S_ISDIR(mode), &ri);
	if (!err && made)
		*made = ri;
	nd_done(&nd);
	if (err || !made)
		mutex_unlock(&ramfs_tree_lock);
	return err;	/* with *made, the caller finishes it and unlocks */
}

int ramfs_mkdir_at(struct ramfs_inode *base, const char *path, unsigned int mode)
{
	return make_path(base, path, S_IFDIR | (mode & S_IALLUGO & ~current_umask()), NULL);
}

int ramfs_mkdir(const char *path, unsigned int mode)
{
	return make_path(NULL, path, S_IFDIR | (mode & S_IALLUGO), NULL);
}

int ramfs_mknod_dev(const char *path, unsigned int mode, const struct file_operations *fops,
		    unsigned long rdev)
{
	struct ramfs_inode *ri;
	int err = make_path(NULL, path, S_IFCHR | (mode & S_IALLUGO), &ri);

	if (err)
		return err;
	ri->dev.fops = fops;
	ri->dev.rdev = rdev;
	mutex_unlock(&ramfs_tree_lock);
	return 0;
}

int ramfs_mknod(const char *path, unsigned int mode, const struct file_operations *fops)
{
	return ramfs_mknod_dev(path, mode, fops, 0);
}

/* Makes a link with text target (kmalloc'ed, taken over) or get_link. */
static int make_link(struct ramfs_inode *base, const char *path, char *target,
		     ramfs_get_link_t get_link)
{
	struct ramfs_inode *ri;
	int err = make_path(base, path, S_IFLNK | 0777, &ri);

	if (err) {
		kfree(target);
		return err;
	}
	ri->lnk.target = target;
	ri->lnk.len = target ? strlen(target) : 0;
	ri->lnk.get_link = get_link;
	mutex_unlock(&ramfs_tree_lock);
	return 0;
}

int ramfs_symlink_at(struct ramfs_inode *base, const char *path, const char *target)
{
	size_t len = strnlen(target, PATH_MAX);
	char *copy;

	if (len == 0)
		return -ENOENT;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	copy = kmalloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	return make_link(base, path, copy, NULL);
}

int ramfs_symlink(const char *path, const char *target)
{
	return ramfs_symlink_at(NULL, path, target);
}

int ramfs_symlink_dynamic(const char *path, ramfs_get_link_t get_link)
{
	return make_link(NULL, path, NULL, get_link);
}

/*
 * unlink and rmdir: remove the last component of path if it is (not) a
 * directory, as Linux's do_unlinkat and do_rmdir check, in their order.
 * The last component is never followed: unlink removes a link itself.
 */
static int remove_path(struct ramfs_inode *base, const char *path, bool want_dir)
{
	struct ramfs_inode *ri = NULL;
	struct nameidata nd;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(&nd, base, path);
	if (err)
		goto out;
	if (!last_is_name(&nd)) {
		/* "/" is busy; rmdir "x/." is invalid, "x/.." not empty; unlink: a directory. */
		if (!want_dir)
			err = -EISDIR;
		else
			err = !nd.last ? -EBUSY : is_dot(nd.last, nd.len) ? -EINVAL : -ENOTEMPTY;
		goto out;
	}
	ri = ramfs_find(nd.dir, nd.last, nd.len);
	if (!ri)
		err = -ENOENT;
	else if (!want_dir && S_ISDIR(ri->mode))
		err = -EISDIR;
	else if (want_dir ? !S_ISDIR(ri->mode) : nd.slash)
		err = -ENOTDIR;	/* rmdir of a non-directory, or "file/" */
	else if (want_dir && !list_empty(&ri->dir.children))
		err = -ENOTEMPTY;
	else
		ramfs_unlink_inode(ri);
out:
	nd_done(&nd);
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

int ramfs_unlink_at(struct ramfs_inode *base, const char *path)
{
	return remove_path(base, path, false);
}

int ramfs_rmdir_at(struct ramfs_inode *base, const char *path)
{
	return remove_path(base, path, true);
}

int ramfs_unlink(const char *path)
{
	return remove_path(NULL, path, false);
}

int ramfs_rmdir(const char *path)
{
	return remove_path(NULL, path, true);
}

int ramfs_lookup_at(struct ramfs_inode *base, const char *path, bool follow,
		    struct ramfs_inode **out)
{
	struct nameidata nd;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_path(&nd, base, path, follow, out);
	if (!err)
		ramfs_inode_get(*out);
	nd_done(&nd);
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

int ramfs_stat(const char *path, struct ramfs_stat *st)
{
	struct ramfs_inode *ri;
	struct stat kst;
	struct nameidata nd;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_path(&nd, NULL, path, true, &ri);
	if (!err) {
		ramfs_getattr(ri, &kst);
		st->ino = kst.st_ino;
		st->mode = kst.st_mode;
		st->size = kst.st_size;
	}
	nd_done(&nd);
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

long ramfs_readlink_at(struct ramfs_inode *base, const char *path, char __user *buf, size_t size)
{
	struct ramfs_inode *ri;
	struct nameidata nd;
	const char *text;
	long ret;

	mutex_lock(&ramfs_tree_lock);
	ret = walk_path(&nd, base, path, false, &ri);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (!S_ISLNK(ri->mode))
		goto out;
	nd.links = 0;
	ret = get_link(&nd, ri, &text);
	if (ret)
		goto out;
	ret = (long)min(strlen(text), size);
	if (copy_to_user(buf, text, (size_t)ret))
		ret = -EFAULT;
out:
	nd_done(&nd);
	mutex_unlock(&ramfs_tree_lock);
	return ret;
}

/* a is d or one of d's ancestors.  Tree lock held. */
static bool is_ancestor(const struct ramfs_inode *a, const struct ramfs_inode *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

/* Gives ri the name new[0..len) in dir (name already allocated).  Tree lock held. */
static void move_to(struct ramfs_inode *ri, struct ramfs_inode *dir, char *name)
{
	list_del_init(&ri->sibling);
	kfree(ri->name);
	ri->name = name;
	ramfs_link(dir, ri);
}

static char *name_dup(const struct nameidata *nd)
{
	char *name = kmalloc(nd->len + 1);

	if (name) {
		memcpy(name, nd->last, nd->len);
		name[nd->len] = '\0';
	}
	return name;
}

/* The checks of Linux's do_renameat2 and vfs_rename, in their order.  Tree lock held. */
static int rename_check(const struct nameidata *o, const struct nameidata *n,
			struct ramfs_inode *src, struct ramfs_inode *dst, unsigned int flags)
{
	bool exchange = flags & RENAME_EXCHANGE;

	if (exchange && !dst)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && dst)
		return -EEXIST;
	if (exchange && !S_ISDIR(dst->mode) && n->slash)
		return -ENOTDIR;
	if (!S_ISDIR(src->mode) && (o->slash || (!exchange && n->slash)))
		return -ENOTDIR;
	if (is_ancestor(src, n->dir))
		return -EINVAL;		/* into itself */
	if (dst && is_ancestor(dst, o->dir))
		return exchange ? -EINVAL : -ENOTEMPTY;
	if (src == dst)
		return 1;		/* nothing to do */
	if (!dst)
		return ramfs_dead_dir(n->dir) ? -ENOENT : 0;
	if (!exchange && S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
		return -ENOTDIR;
	if (!exchange && !S_ISDIR(src->mode) && S_ISDIR(dst->mode))
		return -EISDIR;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* ramfs has no whiteouts (Linux's simple_rename) */
	if (!exchange && S_ISDIR(dst->mode) && !list_empty(&dst->dir.children))
		return -ENOTEMPTY;
	return 0;
}

int ramfs_rename_at(struct ramfs_inode *obase, const char *old, struct ramfs_inode *nbase,
		    const char *new, unsigned int flags)
{
	struct ramfs_inode *src, *dst;
	struct nameidata o, n;
	char *oname = NULL, *nname = NULL;
	int err;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) ||
	    ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)) ||
	    ((flags & RENAME_WHITEOUT) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;
	mutex_lock(&ramfs_tree_lock);
	n.nbufs = 0;
	err = walk_parent(&o, obase, old);
	if (!err)
		err = walk_parent(&n, nbase, new);
	if (err)
		goto out;
	err = -EBUSY;
	if (!last_is_name(&o))
		goto out;
	if (!last_is_name(&n)) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out;
	}
	src = ramfs_find(o.dir, o.last, o.len);
	err = -ENOENT;
	if (!src)
		goto out;
	dst = ramfs_find(n.dir, n.last, n.len);
	err = rename_check(&o, &n, src, dst, flags);
	if (err)
		goto out;
	err = -ENOMEM;
	nname = name_dup(&n);
	if ((flags & RENAME_EXCHANGE) && nname)
		oname = name_dup(&o);
	if (!nname || ((flags & RENAME_EXCHANGE) && !oname))
		goto out;
	err = 0;
	if (flags & RENAME_EXCHANGE) {
		struct ramfs_inode *odir = o.dir;

		move_to(dst, odir, oname);
		oname = NULL;
	} else if (dst) {
		ramfs_unlink_inode(dst);
	}
	move_to(src, n.dir, nname);
	nname = NULL;
out:
	kfree(oname);
	kfree(nname);
	nd_done(&o);
	nd_done(&n);
	mutex_unlock(&ramfs_tree_lock);
	return err == 1 ? 0 : err;
}
