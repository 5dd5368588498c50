/*
 * What the ramfs files share (kernel/fs/ramfs.c owns the inodes and the
 * tree's lock, kernel/fs/namei.c walks paths over them).
 *
 * An inode is one node of the tree: a directory, a regular file or a
 * device node.  It is reference-counted: its entry in its parent
 * directory holds one reference while it is linked, and every struct file
 * open on it holds one, so a file that is unlinked while open keeps its
 * data until the last close, as in Linux.  (Device files hold none: they
 * are files of the device, not of the node.)
 *
 * Each inode has one name and at most one parent (there are no hard
 * links), so unlike Linux there are no separate dentries: the name, the
 * parent and the sibling links live in the inode, guarded by the tree
 * lock.
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include "file.h"
#include "ramfs.h"
#include "list.h"
#include "mutex.h"

struct ramfs_inode {
	atomic_long_t count;
	unsigned long ino;
	unsigned int mode;		/* S_IFMT type and permissions; fixed */
	/* Guarded by ramfs_tree_lock: */
	struct ramfs_inode *parent;	/* NULL when not in the tree */
	struct list_head sibling;	/* in parent->dir.children */
	long long dir_pos;		/* its position in the parent's listing */
	union {
		struct {			/* S_IFREG */
			struct mutex lock;	/* guards data, alloc, size */
			char *data;
			size_t alloc;		/* bytes at data */
			size_t size;		/* file size, <= alloc */
			atomic_long_t fsyncs;
		} reg;
		struct {			/* S_IFDIR, guarded by ramfs_tree_lock */
			struct list_head children;	/* ordered by dir_pos */
			long long next_pos;
		} dir;
		const struct file_operations *dev_fops;	/* S_IFCHR */
	};
	char name[];			/* NUL-terminated; fixed */
};

/*
 * The lock of the whole namespace: every inode's parent, sibling and
 * dir_pos and every directory's children.  Not taken for file data.
 */
extern struct mutex ramfs_tree_lock;
/* "/"; set once by ramfs_init and never freed. */
extern struct ramfs_inode *ramfs_root;

/*
 * A new inode with one reference, mode as given, named name[0..len) (a
 * label only until ramfs_link), not in the tree; NULL if memory ran out.
 * Never sleeps.
 */
struct ramfs_inode *ramfs_inode_alloc(unsigned int mode, const char *name, size_t len);
/* Drops a reference; the last frees the inode and its data.  Never sleeps. */
void ramfs_inode_put(struct ramfs_inode *ri);

/* Tree lock held.  The child of dir named name[0..len), or NULL. */
struct ramfs_inode *ramfs_find(struct ramfs_inode *dir, const char *name, size_t len);
/* Tree lock held.  Puts child (not in the tree) last in dir; takes over its reference. */
void ramfs_link(struct ramfs_inode *dir, struct ramfs_inode *child);
/* Tree lock held.  Takes ri out of its directory and drops the tree's reference. */
void ramfs_unlink_inode(struct ramfs_inode *ri);

/*
 * Returns 0 with a new file on ri in *out, as ramfs_open describes for
 * flags (O_ACCMODE, O_TRUNC), or -errno.  Tree lock held (the file takes
 * its own reference to ri).  May sleep (O_TRUNC takes the file's mutex).
 */
int ramfs_open_inode(struct ramfs_inode *ri, unsigned int flags, struct file **out);

#endif
