/*
 * struct stat as stat(2), fstat(2), lstat(2) and newfstatat(2) return it
 * on x86_64: Linux's arch/x86/include/uapi/asm/stat.h layout (144 bytes),
 * so a static binary's C library reads the fields where it expects them.
 */
#ifndef UAPI_STAT_H
#define UAPI_STAT_H

struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;		/* 512-byte blocks allocated */
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	long __unused[3];
};

/* Linux's dev_t encoding for major < 4096, minor < 256 (new_encode_dev). */
#define MKDEV_ABI(major, minor)	(((unsigned long)(major) << 8) | (unsigned long)(minor))

#endif
