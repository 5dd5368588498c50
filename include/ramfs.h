/*
 * The ramfs tree: ringlet's one file system, a tree of directories,
 * regular files and device nodes that lives in memory, as Linux's rootfs
 * does before (and, for an initramfs system, instead of) any disk.
 *
 * At boot ramfs_init() makes "/" and devices_init() (kernel/fs/devices.c)
 * adds /dev with its nodes; initramfs_unpack() (kernel/fs/initramfs.c)
 * then fills the tree from the archive GRUB loaded.  Everything after
 * that (the kernel's own callers, the tests, the system calls) reaches
 * files by path.
 *
 * The functions below take absolute paths (a relative one is taken from
 * "/", not from anyone's current directory); the system calls resolve
 * relative ones from the process's current directory or a directory fd
 * through the *_at operations (kernel/fs/internal.h).  A path has at most
 * PATH_MAX - 1 bytes, each component at most NAME_MAX; "." and ".." and
 * repeated slashes mean what they mean in Linux, symbolic links are
 * followed (at most 40 per walk), and the errnos are Linux's.
 * The numbers below are Linux's (uapi/linux/stat.h, limits.h, dirent.h),
 * because user space will see them through stat(2) and getdents64(2).
 *
 * The code: kernel/fs/ramfs.c (inodes, their data, directory listing),
 * kernel/fs/namei.c (path walk and the operations by path).
 */
#ifndef RAMFS_H
#define RAMFS_H

#include <stdbool.h>
#include <stddef.h>
#include "uapi/dirent.h"

struct file;
struct file_operations;

#define NAME_MAX	255	/* bytes in one path component */
#define PATH_MAX	4096	/* bytes in a path, its NUL included */

/* The type bits of a mode and the permission bits beside them. */
#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_IALLUGO	07777	/* permissions, setuid, setgid, sticky */
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_IXUGO		0111

/*
 * Makes the empty root directory.  Called once by kmain before anything
 * uses a path; panics if memory runs out (there is no system without /).
 */
void ramfs_init(void);

/*
 * Opens path and returns 0 with a new file (one reference, the caller's)
 * in *out, or -errno with *out untouched.  flags: O_RDONLY/O_WRONLY/O_RDWR
 * and O_CREAT (make a regular file with permissions mode & S_IALLUGO if
 * path does not exist), O_EXCL (with O_CREAT: -EEXIST if it does),
 * O_TRUNC (empty a regular file opened for writing), O_DIRECTORY (-ENOTDIR
 * unless path is a directory).  A directory opens only read-only
 * (-EISDIR otherwise); a device node opens as its device.  May sleep.
 */
int ramfs_open(const char *path, unsigned int flags, unsigned int mode, struct file **out);

/* Makes directory path with permissions mode & S_IALLUGO; 0 or -errno
 * (-EEXIST if anything is there).  May sleep. */
int ramfs_mkdir(const char *path, unsigned int mode);

/*
 * Makes a character-device node at path whose opens return a new file on
 * fops (private_data NULL, no reference to the node).  0 or -errno.
 * fops must outlive the tree (it is static).  May sleep.
 */
int ramfs_mknod(const char *path, unsigned int mode, const struct file_operations *fops);
/* The same with the device number stat(2) reports as st_rdev (MKDEV_ABI, uapi/stat.h). */
int ramfs_mknod_dev(const char *path, unsigned int mode, const struct file_operations *fops,
		    unsigned long rdev);

/*
 * Makes a symbolic link at path whose text is target (symlink(2)); 0 or
 * -errno (-EEXIST, -ENOENT for an empty target, -ENAMETOOLONG).  May sleep.
 */
int ramfs_symlink(const char *path, const char *target);

/*
 * A link whose text is computed at each walk through it, for the walking
 * task: writes at most size bytes (a NUL included) into buf and returns
 * the text's length, or -errno, which the walk returns.  Runs with the
 * tree lock held: it must not call into ramfs.  May sleep.  This is how
 * /proc/self/exe points at each process's own program:
 * ramfs_symlink_dynamic("/proc/self/exe", get_exe_path).
 */
typedef int (*ramfs_get_link_t)(char *buf, size_t size);
int ramfs_symlink_dynamic(const char *path, ramfs_get_link_t get_link);

/*
 * Removes a non-directory (-EISDIR for a directory) or an empty directory
 * (-ENOTDIR for anything else, -ENOTEMPTY, -EBUSY for "/", -EINVAL for a
 * last component "."), as unlink(2) and rmdir(2).  Files open on it stay
 * usable until closed.  May sleep.
 */
int ramfs_unlink(const char *path);
int ramfs_rmdir(const char *path);

/* What stat(2) will need of an inode. */
struct ramfs_stat {
	unsigned long ino;
	unsigned int mode;	/* type and permission bits */
	long long size;		/* bytes, for regular files; 0 otherwise */
};

/* Fills *st for path, following symbolic links; 0 or -errno.  May sleep. */
int ramfs_stat(const char *path, struct ramfs_stat *st);

/*
 * Lists the directory open as dir from dir->f_pos on, as getdents64 will:
 * ".", "..", then the entries in the order they were made.  For each it
 * calls emit(ctx, name, len, ino, d_type) (name is not NUL-terminated);
 * emit returns false to stop, and that entry is offered again by the next
 * call.  Entries made or removed meanwhile never make another listed one
 * appear twice or go missing.  Returns 0, -ENOTDIR if dir is not a
 * directory, -ENOENT if it was removed (as Linux's IS_DEADDIR).  emit runs with the tree lock held: it must not call into
 * ramfs.  May sleep.
 */
typedef bool (*ramfs_emit_t)(void *ctx, const char *name, size_t len, unsigned long ino,
			     unsigned int type);
int ramfs_iterate(struct file *dir, ramfs_emit_t emit, void *ctx);

#endif
