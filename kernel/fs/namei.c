/*
 * Path lookup and the operations by path on the ramfs tree (API in
 * include/ramfs.h), as Linux's fs/namei.c is for the VFS.
 *
 * A path is split into components at slashes (several in a row count as
 * one).  Every operation walks all components but the last from the root
 * (walk_parent), each of which must name a directory, and then acts on the
 * last one in the directory reached: open or create it, make it, remove
 * it.  The whole operation runs under ramfs_tree_lock (see ramfs.c for
 * why one lock), so what the walk found is still there when it acts: no
 * reference counting during the walk, no retry.
 *
 * The errnos are Linux's: ENOENT for a missing component (and for the
 * empty path), ENOTDIR for a component that is not a directory (also the
 * last one when the path ends in a slash), ENAMETOOLONG for a path of
 * PATH_MAX bytes or more or a component longer than NAME_MAX.  Relative
 * paths are -EINVAL until processes have a current directory.
 */
#include "internal.h"
#include "string.h"
#include "errno.h"

/* Where walk_parent stopped: the last component and the directory it is in. */
struct walk {
	struct ramfs_inode *dir;
	const char *last;	/* NULL for "/" itself */
	size_t len;
	bool slash;		/* the path ends in a slash: last must be a directory */
};

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
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

/* Resolves all of path but its last component into *w; 0 or -errno.  Tree lock held. */
static int walk_parent(const char *path, struct walk *w)
{
	const char *p = path;

	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	if (*p == '\0')
		return -ENOENT;
	if (*p != '/')
		return -EINVAL;
	*w = (struct walk){ .dir = ramfs_root };
	for (;;) {
		const char *name, *end;
		struct ramfs_inode *next;

		while (*p == '/')
			p++;
		if (*p == '\0')
			return 0;	/* "/" alone: no last component */
		name = p;
		end = strchr(name, '/');
		if (!end)
			end = name + strlen(name);
		if ((size_t)(end - name) > NAME_MAX)
			return -ENAMETOOLONG;
		for (p = end; *p == '/'; p++)
			;
		if (*p == '\0') {
			w->last = name;
			w->len = (size_t)(end - name);
			w->slash = *end == '/';
			return 0;
		}
		next = step(w->dir, name, (size_t)(end - name));
		if (!next)
			return -ENOENT;
		if (!S_ISDIR(next->mode))
			return -ENOTDIR;
		w->dir = next;
	}
}

/* The inode w names, or NULL if there is none.  Tree lock held. */
static struct ramfs_inode *walk_last(const struct walk *w)
{
	return w->last ? step(w->dir, w->last, w->len) : w->dir;
}

/* Resolves the whole path: 0 with the inode in *out, or -errno.  Tree lock held. */
static int walk_path(const char *path, struct ramfs_inode **out)
{
	struct walk w;
	int err = walk_parent(path, &w);

	if (err)
		return err;
	*out = walk_last(&w);
	if (!*out)
		return -ENOENT;
	if (w.slash && !S_ISDIR((*out)->mode))
		return -ENOTDIR;
	return 0;
}

/*
 * Makes a new inode of mode as the last component of w, or returns -errno
 * (-EEXIST if something is there, -ENOMEM).  Tree lock held.
 */
static int make_last(const struct walk *w, unsigned int mode, struct ramfs_inode **out)
{
	struct ramfs_inode *ri;

	if (!w->last || walk_last(w))
		return -EEXIST;
	ri = ramfs_inode_alloc(mode, w->last, w->len);
	if (!ri)
		return -ENOMEM;
	ramfs_link(w->dir, ri);
	*out = ri;
	return 0;
}

int ramfs_open(const char *path, unsigned int flags, unsigned int mode, struct file **out)
{
	struct ramfs_inode *ri;
	struct walk w;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(path, &w);
	if (err)
		goto out;
	ri = walk_last(&w);
	if (!ri && !(flags & O_CREAT)) {
		err = -ENOENT;
	} else if (!ri) {
		/* Only a regular file is made, so "name/" cannot be one (Linux: -EISDIR). */
		err = w.slash ? -EISDIR : make_last(&w, S_IFREG | (mode & S_IALLUGO), &ri);
	} else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		err = -EEXIST;
	} else if (!S_ISDIR(ri->mode) && (w.slash || (flags & O_DIRECTORY))) {
		err = -ENOTDIR;
	}
	if (!err)
		err = ramfs_open_inode(ri, flags, out);
	/* A file made here and not opened (no memory) stays, as in Linux. */
out:
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

/* mkdir and mknod: make the last component of path with mode. */
static int make_path(const char *path, unsigned int mode, const struct file_operations *fops)
{
	struct ramfs_inode *ri;
	struct walk w;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(path, &w);
	if (!err)
		err = make_last(&w, mode, &ri);
	if (!err && fops)
		ri->dev_fops = fops;
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

int ramfs_mkdir(const char *path, unsigned int mode)
{
	return make_path(path, S_IFDIR | (mode & S_IALLUGO), NULL);
}

int ramfs_mknod(const char *path, unsigned int mode, const struct file_operations *fops)
{
	return make_path(path, S_IFCHR | (mode & S_IALLUGO), fops);
}

/* unlink and rmdir: remove the last component of path if it is (not) a directory. */
static int remove_path(const char *path, bool want_dir)
{
	struct ramfs_inode *ri;
	struct walk w;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_parent(path, &w);
	if (err)
		goto out;
	if (!w.last) {
		err = want_dir ? -EBUSY : -EISDIR;	/* "/" */
		goto out;
	}
	if (want_dir && is_dot(w.last, w.len)) {
		err = -EINVAL;
		goto out;
	}
	ri = walk_last(&w);
	if (!ri)
		err = -ENOENT;
	else if (!want_dir && S_ISDIR(ri->mode))
		err = -EISDIR;
	else if (want_dir ? !S_ISDIR(ri->mode) : w.slash)
		err = -ENOTDIR;	/* rmdir of a non-directory, or "file/" */
	else if (want_dir && !list_empty(&ri->dir.children))
		err = -ENOTEMPTY;
	else if (ri == ramfs_root || ri == w.dir || ri == w.dir->parent)
		err = -EBUSY;	/* "/..", "x/.", "x/..": Linux never removes those by such a name */
	else
		ramfs_unlink_inode(ri);
out:
	mutex_unlock(&ramfs_tree_lock);
	return err;
}

int ramfs_unlink(const char *path)
{
	return remove_path(path, false);
}

int ramfs_rmdir(const char *path)
{
	return remove_path(path, true);
}

int ramfs_stat(const char *path, struct ramfs_stat *st)
{
	struct ramfs_inode *ri;
	int err;

	mutex_lock(&ramfs_tree_lock);
	err = walk_path(path, &ri);
	if (!err) {
		st->ino = ri->ino;
		st->mode = ri->mode;
		st->size = S_ISREG(ri->mode) ? (long long)READ_ONCE(ri->reg.size) : 0;
	}
	mutex_unlock(&ramfs_tree_lock);
	return err;
}
