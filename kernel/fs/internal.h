/*
 * What the ramfs files share (kernel/fs/ramfs.c owns the inodes and the
 * tree's lock, kernel/fs/namei.c walks paths over them, the system calls
 * in open.c, stat.c, namei_calls... reach both).
 *
 * An inode is one node of the tree: a directory, a regular file, a
 * symbolic link or a device node.  It is reference-counted: its entry in
 * its parent directory holds one reference while it is linked, every
 * struct file opened from it holds one (f_inode), and so does every
 * process whose current directory it is (fs_struct.c), so a file that is
 * unlinked while open keeps its data until the last close, as in Linux.
 *
 * Each inode has one name and at most one parent (there are no hard
 * links), so unlike Linux there are no separate dentries: the name, the
 * parent and the sibling links live in the inode, guarded by the tree
 * lock.  rename replaces the name (a separate allocation for that reason).
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include "file.h"
#include "ramfs.h"
#include "list.h"
#include "mutex.h"
#include "uaccess.h"
#include "uapi/stat.h"
#include "uapi/termios.h"
#include "spinlock.h"
#include "wait.h"
#include "tty.h"

/* st_dev of every ramfs node, and of pipes (Linux's anonymous devices 0:N). */
#define RAMFS_DEV	MKDEV_ABI(0, 1)
#define PIPEFS_DEV	MKDEV_ABI(0, 12)

/* Symbolic links one path walk may follow before -ELOOP, as Linux's MAXSYMLINKS. */
#define MAXSYMLINKS	40
/*
 * Linux's MAX_RW_COUNT: one read or write moves at most this much, and so
 * do all the segments of one readv or writev together.
 */
#define MAX_RW_COUNT	0x7ffff000UL

struct ramfs_inode {
	atomic_long_t count;
	unsigned long ino;
	unsigned int mode;		/* S_IFMT type (fixed) and permissions (chmod) */
	/* Guarded by ramfs_tree_lock: */
	char *name;			/* NUL-terminated, kmalloc'ed */
	struct ramfs_inode *parent;	/* NULL when not in the tree */
	struct list_head sibling;	/* in parent->dir.children */
	long long dir_pos;		/* its position in the parent's listing */
	union {
		struct {			/* S_IFREG */
			struct mutex lock;	/* guards pages, slots, nr_pages, size */
			void **pages;		/* slots page pointers; NULL: a hole (zeroes) */
			size_t slots;
			size_t nr_pages;	/* pages allocated, for st_blocks */
			size_t size;		/* file size */
			atomic_long_t fsyncs;
		} reg;
		struct {			/* S_IFDIR, guarded by ramfs_tree_lock */
			struct list_head children;	/* ordered by dir_pos */
			long long next_pos;
		} dir;
		struct {			/* S_IFCHR */
			const struct file_operations *fops;
			unsigned long rdev;	/* MKDEV_ABI(major, minor), for st_rdev */
		} dev;
		struct {			/* S_IFLNK; fixed */
			char *target;		/* NUL-terminated; NULL if get_link */
			size_t len;
			ramfs_get_link_t get_link;
		} lnk;
	};
};

/*
 * The lock of the whole namespace: every inode's name, parent, sibling and
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
/* Another reference; the caller holds one (or the tree lock while ri is linked). */
static inline struct ramfs_inode *ramfs_inode_get(struct ramfs_inode *ri)
{
	atomic_long_inc(&ri->count);
	return ri;
}
/* Drops a reference; the last frees the inode and its data.  Never sleeps. */
void ramfs_inode_put(struct ramfs_inode *ri);
/* True for a directory that was removed (it stays usable only as an open file). */
static inline bool ramfs_dead_dir(const struct ramfs_inode *ri)
{
	return ri != ramfs_root && !ri->parent;
}

/* Tree lock held.  The child of dir named name[0..len), or NULL. */
struct ramfs_inode *ramfs_find(struct ramfs_inode *dir, const char *name, size_t len);
/* Tree lock held.  Puts child (not in the tree) last in dir; takes over its reference. */
void ramfs_link(struct ramfs_inode *dir, struct ramfs_inode *child);
/* Tree lock held.  Takes ri out of its directory and drops the tree's reference. */
void ramfs_unlink_inode(struct ramfs_inode *ri);

/*
 * Returns 0 with a new file on ri in *out, as open(2) makes one for flags
 * (access mode, O_TRUNC, O_PATH, O_APPEND...), or -errno (-ELOOP for a
 * symbolic link, -EISDIR for a directory opened to write).  Tree lock
 * held (the file takes its own reference to ri).  May sleep.
 */
int ramfs_open_inode(struct ramfs_inode *ri, unsigned int flags, struct file **out);
/* Sets a regular file's size (truncate(2)); 0, -EFBIG or -ENOMEM.  Takes the file's mutex. */
int ramfs_truncate(struct ramfs_inode *ri, long long size);
/* Fills *st as stat(2) reports ri.  Tree lock held (for a directory's link count). */
void ramfs_getattr(struct ramfs_inode *ri, struct stat *st);

/*
 * The operations by path (namei.c), relative to base (a directory the
 * caller holds a reference to; NULL: "/") when path is relative.  Each
 * takes the tree lock.  Errnos are Linux's, in Linux's order.
 */
int ramfs_open_at(struct ramfs_inode *base, const char *path, unsigned int flags, unsigned int mode,
		  struct file **out);
int ramfs_mkdir_at(struct ramfs_inode *base, const char *path, unsigned int mode);
int ramfs_unlink_at(struct ramfs_inode *base, const char *path);
int ramfs_rmdir_at(struct ramfs_inode *base, const char *path);
int ramfs_symlink_at(struct ramfs_inode *base, const char *path, const char *target);
int ramfs_rename_at(struct ramfs_inode *obase, const char *old, struct ramfs_inode *nbase,
		    const char *new, unsigned int flags);
/* The inode path names, with a reference (the caller puts it); follow: a last symlink. */
int ramfs_lookup_at(struct ramfs_inode *base, const char *path, bool follow,
		    struct ramfs_inode **out);
/*
 * readlink(2): copies the link's text (not NUL-terminated, at most size
 * bytes) to the user buffer; returns its length or -errno (-EINVAL if
 * the last component is not a symbolic link).
 */
long ramfs_readlink_at(struct ramfs_inode *base, const char *path, char __user *buf, size_t size);
/*
 * Writes the absolute path of directory ri into buf (size bytes, NUL
 * included) and returns its length with the NUL, -ERANGE if it does not
 * fit, -ENOENT if ri was removed.  Takes the tree lock.
 */
long ramfs_path_of(struct ramfs_inode *ri, char *buf, size_t size);

/* The current directory (fs_struct.c): a new reference, "/" for a task without a context. */
struct ramfs_inode *fs_pwd(void);
/* chdir/fchdir: makes dir (a directory) the current one; 0 or -ENOMEM. */
int fs_set_pwd(struct ramfs_inode *dir);

/*
 * What the system calls share (open.c).  getname copies a user path into
 * a new PATH_MAX buffer: 0, or -EFAULT, -ENAMETOOLONG, or -ENOENT for ""
 * (unless empty_ok: AT_EMPTY_PATH).  putname frees it (NULL ignored).
 */
int getname(const char __user *upath, bool empty_ok, char **out);
void putname(char *name);
/*
 * The base directory for path relative to dfd (AT_FDCWD or a directory
 * fd, O_PATH ones included), as a counted reference in *base (base_put
 * drops it); NULL for an absolute path, whose dfd Linux never looks at.
 * 0, -EBADF, or -ENOTDIR if dfd is not a directory.
 */
int at_base(int dfd, const char *path, struct ramfs_inode **base);
void base_put(struct ramfs_inode *base);
/*
 * The inode the user path names relative to dfd, with a reference (the
 * caller puts it), following a last symbolic link if follow; with
 * empty_ok, "" names dfd itself (AT_EMPTY_PATH; -EBADF for a file with
 * no node, such as a pipe).  0 or -errno.
 */
int user_lookup(int dfd, const char __user *upath, bool follow, bool empty_ok,
		struct ramfs_inode **out);
/*
 * openat(2) for a path in kernel memory (execve's program, its
 * interpreter): 0 with a new file in *out, or -errno, with open's flags
 * and checks and relative paths from dfd (AT_FDCWD: the current
 * directory).  No descriptor is made.  May sleep.
 */
int kernel_openat(int dfd, const char *path, unsigned int flags, unsigned int mode,
		  struct file **out);
/* The current task's file at fd, as fdget / fdget_raw; NULL for any bad fd. */
struct file *fget_fd(long fd);
struct file *fget_raw_fd(long fd);

/* ---- the console tty: tty.c (the line discipline) and tty_ioctl.c ---- */

#define TTY_BUF_SIZE	4096		/* a power of two: Linux's N_TTY_BUF_SIZE */
#define TTY_MASK	(TTY_BUF_SIZE - 1)
#define TTY_CHUNK	128		/* bytes moved per hold of the lock */
#define LONG_BITS	(8 * sizeof(unsigned long))

/* The one terminal, /dev/console; its fields are described at the top of tty.c. */
struct tty {
	spinlock_t lock;
	struct wait_queue_head read_wait;	/* readers: for input, or for their turn */
	bool reading;				/* a reader is inside read */
	struct termios termios;
	struct winsize winsize;
	int pgrp;				/* foreground process group; 0: none set */
	unsigned long head, canon_head, tail;	/* see the top of tty.c */
	struct tty_capture *capture;		/* tests: output goes here instead */
	unsigned char buf[TTY_BUF_SIZE];
	unsigned long eol[TTY_BUF_SIZE / LONG_BITS];
};

extern struct tty console_tty;
/* Lock held.  True if the byte at counter i ends a line (or is the EOF marker). */
bool tty_test_eol(const struct tty *tty, unsigned long i);
/* Lock held.  Bytes received and not yet read. */
unsigned long tty_queued(const struct tty *tty);
/* Lock held.  Drops all queued input, the line being typed included. */
void tty_flush_input(struct tty *tty);

#endif
