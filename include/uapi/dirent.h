/*
 * What getdents64(2) writes: a run of struct linux_dirent64 records, each
 * d_reclen bytes long (the name, its NUL and padding to 8 bytes
 * included), as Linux's include/linux/dirent.h; d_off is the position
 * from which a later call resumes after this entry.  d_type values are
 * Linux's (DT_* in include/linux/fs_types.h).
 */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

#include <stdint.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

#endif
