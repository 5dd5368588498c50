/*
 * Changing a registered fixed-file table's slots, as Linux 6.1 does:
 * updates by IORING_REGISTER_FILES_UPDATE(2) and IORING_OP_FILES_UPDATE,
 * with tags and IORING_REGISTER_FILES_SKIP; IORING_FILE_INDEX_ALLOC,
 * which puts each file in a free slot of the alloc range; closing a fixed
 * slot (IORING_OP_CLOSE with file_index); and the alloc range itself
 * (IORING_REGISTER_FILE_ALLOC_RANGE).  Everything runs under uring_lock
 * and waits for no request: a removed file goes through
 * io_files_remove_slot() (files.c), which hands it to the current
 * generation, retired by io_files_change_end() once the change is made.
 *
 * Errors come in Linux's order, and so do their side effects.  An update
 * walks its slots in order and stops at the first bad entry, returning
 * the number of slots done before it, or the error if there were none.
 * The slot where it stopped has already lost its old file when the new
 * fd turns out bad (Linux removes first, then looks the fd up), so that
 * slot ends up empty.
 *
 * The alloc range and its hint follow Linux's bitmap search exactly,
 * because the slot chosen is visible to the application: the hint is the
 * slot after the last one filled, or the last one emptied, and a search
 * runs from the hint to the range's end, then from the range's start to
 * the hint.  A hint past the range (a slot outside it was filled) lets
 * the second pass pick a slot outside the range, as in Linux.
 */
#include "internal.h"
#include "errno.h"
#include "task.h"

/* Slots from offset to end that hold a file: what a change may remove. */
static unsigned int io_files_count(struct fixed_file_data *data, uint32_t offset, uint32_t end)
{
	unsigned int n = 0;

	for (uint32_t i = offset; i < end; i++)
		n += data->table[i] != NULL;
	return n;
}

/* One slot of an update; 0, or the error that stops the update there. */
static int io_files_update_one(struct fixed_file_data *data, uint32_t slot, int32_t fd,
			       uint64_t tag, struct files_struct *files)
{
	struct file *f;

	if ((fd == IORING_REGISTER_FILES_SKIP || fd == -1) && tag)
		return -EINVAL;		/* a tag needs a file */
	if (fd == IORING_REGISTER_FILES_SKIP)
		return 0;
	if (data->table[slot])
		io_files_remove_slot(data, slot);
	if (fd == -1)
		return 0;
	f = io_file_from_fd(files, fd);
	if (!f)
		return -EBADF;		/* not open, or a ring: the slot stays empty */
	io_files_install_slot(data, slot, f, tag);
	return 0;
}

int io_files_update(struct io_ring_ctx *ctx, uint32_t offset, const int32_t __user *fds,
		    const uint64_t __user *tags, unsigned int nr, struct files_struct *files)
{
	struct fixed_file_data *data = ctx->file_data;
	struct fixed_file_gen *next;
	unsigned int done;
	uint32_t end;
	int err = 0;

	if (__builtin_add_overflow(offset, nr, &end))
		return -EOVERFLOW;
	if (!data)
		return -ENXIO;
	if (end > io_files_nr(data))
		return -EINVAL;
	/* Everything that can fail is allocated before the table changes. */
	err = io_files_change_begin(data, io_files_count(data, offset, end), &next);
	if (err)
		return err;
	for (done = 0; done < nr; done++) {
		uint64_t tag = 0;
		int32_t fd;

		if ((tags && copy_from_user(&tag, &tags[done], sizeof(tag))) ||
		    copy_from_user(&fd, &fds[done], sizeof(fd))) {
			err = -EFAULT;
			break;
		}
		err = io_files_update_one(data, offset + done, fd, tag, files);
		if (err)
			break;
	}
	io_files_change_end(data, next);
	return done ? (int)done : err;
}

/* Linux's io_file_bitmap_get over the table: a free slot, or -ENFILE. */
static int io_files_alloc_slot(struct fixed_file_data *data)
{
	uint32_t limit = data->alloc_end;

	for (;;) {
		for (uint32_t i = data->alloc_hint; i < limit; i++)
			if (!data->table[i])
				return (int)i;
		if (data->alloc_hint == data->alloc_start)
			return -ENFILE;
		limit = data->alloc_hint;
		data->alloc_hint = data->alloc_start;
	}
}

/* Whether f may go to slot (or the search's error): Linux's order, the slot first. */
static int io_files_alloc_check(struct fixed_file_data *data, int slot, struct file *f)
{
	if (slot < 0)
		return slot;
	if (io_is_uring_file(f))
		return -EBADF;
	if ((unsigned int)slot >= io_files_nr(data))
		return -EINVAL;		/* unregister is waiting: no slot is valid */
	return 0;
}

/*
 * IORING_FILE_INDEX_ALLOC: each fd's file goes to a free slot, whose
 * index is written back over the fd.  Filling a free slot removes
 * nothing, so no generation changes.
 */
static int io_files_update_alloc(struct io_ring_ctx *ctx, int32_t __user *fds, unsigned int nr,
				 struct files_struct *files)
{
	struct fixed_file_data *data = ctx->file_data;
	unsigned int done;
	int ret = 0;

	if (!data)
		return -ENXIO;
	for (done = 0; done < nr; done++) {
		struct file *f;
		int32_t fd;
		int slot;

		if (copy_from_user(&fd, &fds[done], sizeof(fd))) {
			ret = -EFAULT;
			break;
		}
		f = files && fd >= 0 ? fdget(files, fd) : NULL;
		if (!f) {
			ret = -EBADF;
			break;
		}
		slot = io_files_alloc_slot(data);
		ret = io_files_alloc_check(data, slot, f);
		if (ret) {
			fput(f);
			break;
		}
		io_files_install_slot(data, (unsigned int)slot, f, 0);
		if (copy_to_user(&fds[done], &slot, sizeof(slot))) {
			/* Nobody could look it up: uring_lock is held throughout. */
			data->table[slot] = NULL;
			data->alloc_hint = (uint32_t)slot;
			fput(f);
			ret = -EFAULT;
			break;
		}
	}
	return done ? (int)done : ret;
}

int io_sqe_files_update(struct io_ring_ctx *ctx, uint32_t offset, const void __user *fds,
			unsigned int nr, struct files_struct *files)
{
	if (offset == IORING_FILE_INDEX_ALLOC)
		return io_files_update_alloc(ctx, (int32_t __user *)fds, nr, files);
	return io_files_update(ctx, offset, fds, NULL, nr, files);
}

int io_fixed_fd_remove(struct io_ring_ctx *ctx, unsigned int slot)
{
	struct fixed_file_data *data = ctx->file_data;
	struct fixed_file_gen *next;
	int ret;

	if (!data)
		return -ENXIO;
	if (slot >= io_files_nr(data))
		return -EINVAL;
	ret = io_files_change_begin(data, data->table[slot] ? 1 : 0, &next);
	if (ret)
		return ret;
	if (!data->table[slot])
		return -EBADF;	/* nothing was allocated for an empty slot */
	io_files_remove_slot(data, slot);
	io_files_change_end(data, next);
	return 0;
}

int io_register_file_alloc_range(struct io_ring_ctx *ctx, const void __user *arg)
{
	struct fixed_file_data *data = ctx->file_data;
	struct io_uring_file_index_range range;
	uint32_t end;

	if (copy_from_user(&range, arg, sizeof(range)))
		return -EFAULT;
	if (__builtin_add_overflow(range.off, range.len, &end))
		return -EOVERFLOW;
	if (range.resv || end > io_files_nr(data))
		return -EINVAL;
	if (data) {
		data->alloc_start = range.off;
		data->alloc_end = end;
		data->alloc_hint = range.off;
	}
	return 0;
}
