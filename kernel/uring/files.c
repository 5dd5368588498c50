/*
 * Fixed files: a table of files registered with the ring, used by index
 * (IOSQE_FIXED_FILE) so a request skips the fd lookup and its reference
 * count.  The hard part is changing the table while requests use it.
 *
 * Generations.  The table's life is cut into generations, one
 * fixed_file_ref_node each, with a percpu_ref counting the requests that
 * looked up a file while that generation was current.  Lookups and
 * updates both run under uring_lock, so a lookup always takes its
 * reference on the generation that is current at that moment, on the
 * per-CPU fast path.
 *
 * An update (register-update or IORING_OP_FILES_UPDATE) changes slots in
 * place, moves the files it removed onto the current generation's
 * put_files, and retires that generation (percpu_ref_kill) after
 * installing a new one.  It waits for nothing.  When a retired
 * generation's count reaches zero, its release callback runs (from the
 * last request's completion, or from the RCU callback that finished the
 * switch to atomic mode) and marks it done.
 *
 * Order matters: a file removed in generation N may still be used by a
 * request that looked it up in an older generation K < N (the file was in
 * the table all along).  So removed files are put only when their
 * generation *and every older one* are done: release walks the list of
 * generations from the oldest and frees the done prefix.  A test
 * (uring_files.removed_file_waits_for_older_generation) fails without it.
 *
 * Teardown (unregister, or the ring going away).  Take the table off the
 * ring, retire the current generation and install none; wait in
 * data->done, which the release that empties the list signals; then
 * rcu_barrier(); then put the files still in the table and free it.
 * Unregister waits with uring_lock dropped (io_sqe_files_unregister).
 * "Safe to free" comes from release and never from a confirm hook: the
 * seed bug (docs/uring.md) was waiting for kill_and_confirm's hook and
 * freeing while the RCU callback that called it still had the ref's
 * fields to write.  A release runs only after that
 * callback's last access (the switch holds a reference until then), so
 * nothing of a generation is touched once it has been freed.
 *
 * The QUIESCE mode (Linux 5.5) has no generations: io_uring_register
 * stops the ring around every call (register.c), and an update puts the
 * files it removes at once.  Stopping the ring for every update is what
 * the generation design was invented to avoid.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "panic.h"

struct fixed_file_ref_node {
	struct percpu_ref refs;		/* requests that looked up a file in this generation */
	struct list_head node;		/* in data->ref_list, oldest first */
	struct fixed_file_data *data;
	struct file **put_files;	/* removed while this generation was current */
	unsigned int nr_put;
	bool done;			/* released; freed once all older ones are too */
};

struct fixed_file_data {
	struct file **table;
	unsigned int nr;
	struct fixed_file_ref_node *node;	/* current generation (QUIESCE mode: NULL) */
	spinlock_t lock;			/* ref_list, dying */
	struct list_head ref_list;
	bool dying;
	struct completion done;			/* ref_list emptied while dying */
};

static atomic_long_t io_file_nodes_live;
KTEST_LEAK_COUNTER(io_file_nodes_live, "io_uring file generations");

bool io_is_uring_file(struct file *f)
{
	return f->f_op == &io_uring_fops;
}

static void io_free_node(struct fixed_file_ref_node *n)
{
	for (unsigned int i = 0; i < n->nr_put; i++)
		fput(n->put_files[i]);
	kfree(n->put_files);
	percpu_ref_exit(&n->refs);
	kfree(n);
	atomic_long_dec(&io_file_nodes_live);
}

/* percpu_ref release: any context but interrupts; the ref is not touched after. */
static void io_file_node_release(struct percpu_ref *ref)
{
	struct fixed_file_ref_node *n = container_of(ref, struct fixed_file_ref_node, refs);
	struct fixed_file_data *data = n->data;
	struct fixed_file_ref_node *first;
	LIST_HEAD(freeable);
	bool last;

	spin_lock(&data->lock);
	n->done = true;
	while (!list_empty(&data->ref_list)) {
		first = list_first_entry(&data->ref_list, struct fixed_file_ref_node, node);
		if (!first->done)
			break;
		list_move_tail(&first->node, &freeable);
	}
	last = data->dying && list_empty(&data->ref_list);
	spin_unlock(&data->lock);

	while (!list_empty(&freeable)) {
		first = list_first_entry(&freeable, struct fixed_file_ref_node, node);
		list_del_init(&first->node);
		io_free_node(first);
	}
	if (last)
		complete(&data->done);	/* data may be freed as soon as this returns */
}

static struct fixed_file_ref_node *io_alloc_node(struct fixed_file_data *data, unsigned int max_put)
{
	struct fixed_file_ref_node *n = kzalloc(sizeof(*n));

	if (!n)
		return NULL;
	if (max_put) {
		n->put_files = kmalloc(max_put * sizeof(struct file *));
		if (!n->put_files) {
			kfree(n);
			return NULL;
		}
	}
	if (percpu_ref_init(&n->refs, io_file_node_release, 0)) {
		kfree(n->put_files);
		kfree(n);
		return NULL;
	}
	n->data = data;
	INIT_LIST_HEAD(&n->node);
	atomic_long_inc(&io_file_nodes_live);
	return n;
}

/* Makes n the current generation (its put_files array moves to the old one). */
static void io_switch_node(struct fixed_file_data *data, struct fixed_file_ref_node *n)
{
	struct fixed_file_ref_node *old = data->node;

	spin_lock(&data->lock);
	list_add_tail(&n->node, &data->ref_list);
	spin_unlock(&data->lock);
	data->node = n;
	percpu_ref_kill(&old->refs);
}

int io_fixed_file_get(struct io_kiocb *req, unsigned int index)
{
	struct fixed_file_data *data = req->ctx->file_data;
	struct file *f;

	if (!data || index >= data->nr)
		return -EBADF;
	f = data->table[index];
	if (!f)
		return -EBADF;
	req->file = f;
	req->flags |= REQ_F_FIXED_FILE;
	if (data->node) {
		req->file_node = data->node;
		percpu_ref_get(&data->node->refs);
	}
	return 0;
}

void io_fixed_file_put(struct io_kiocb *req)
{
	if (req->file_node)
		percpu_ref_put(&req->file_node->refs);
}

/* The file behind fd for a fixed slot: a new reference, or NULL. */
static struct file *io_file_for_slot(struct files_struct *files, int fd, int *err)
{
	struct file *f = files ? fdget(files, fd) : NULL;

	*err = -EBADF;
	if (f && io_is_uring_file(f)) {
		fput(f);	/* a ring in a ring's table could keep itself alive */
		return NULL;
	}
	return f;
}

int io_sqe_files_register(struct io_ring_ctx *ctx, const void __user *arg, unsigned int nr)
{
	struct fixed_file_data *data;
	const int32_t __user *fds = arg;
	int ret = 0;

	if (ctx->file_data)
		return -EBUSY;
	if (!nr)
		return -EINVAL;
	if (nr > IORING_MAX_FIXED_FILES)
		return -EMFILE;
	data = kzalloc(sizeof(*data));
	if (!data)
		return -ENOMEM;
	data->table = kzalloc(nr * sizeof(struct file *));
	spin_lock_init(&data->lock, "fixed_file_data");
	INIT_LIST_HEAD(&data->ref_list);
	init_completion(&data->done);
	if (!data->table) {
		ret = -ENOMEM;
		goto fail;
	}
	for (unsigned int i = 0; i < nr; i++) {
		int32_t fd;

		if (copy_from_user(&fd, &fds[i], sizeof(fd))) {
			ret = -EFAULT;
			goto fail;
		}
		if (fd == -1)
			continue;	/* a sparse slot */
		data->table[i] = io_file_for_slot(current->files, fd, &ret);
		if (!data->table[i])
			goto fail;
		data->nr = i + 1;
	}
	data->nr = nr;
	if (ctx->update_mode == IO_URING_UPDATE_GENERATIONS) {
		data->node = io_alloc_node(data, 0);
		if (!data->node) {
			ret = -ENOMEM;
			goto fail;
		}
		list_add_tail(&data->node->node, &data->ref_list);
	}
	ctx->file_data = data;
	return 0;
fail:
	for (unsigned int i = 0; i < data->nr; i++)
		if (data->table[i])
			fput(data->table[i]);
	kfree(data->table);
	kfree(data);
	return ret;
}

/*
 * Takes the table off the ring and retires its current generation.  From
 * here on lookups see no table (-EBADF) and updates see none (-ENXIO).
 * uring_lock held, or no request left (teardown).
 */
static struct fixed_file_data *io_sqe_files_detach(struct io_ring_ctx *ctx)
{
	struct fixed_file_data *data = ctx->file_data;
	struct fixed_file_ref_node *cur = data->node;

	ctx->file_data = NULL;
	if (cur) {
		data->node = NULL;
		spin_lock(&data->lock);
		data->dying = true;
		spin_unlock(&data->lock);
		percpu_ref_kill(&cur->refs);
	}
	return data;
}

/*
 * Frees a detached table once no request can be using it.  In GENERATIONS
 * mode requests may still be in flight: wait for the release that empties
 * the list of generations.  In QUIESCE mode the caller stopped the ring.
 * May sleep for as long as those requests take, so no ring lock may be
 * held: a worker running IORING_OP_FILES_UPDATE needs uring_lock.
 */
static void io_sqe_files_free_detached(struct fixed_file_data *data)
{
	if (data->dying) {
		wait_for_completion(&data->done);	/* signalled by a release, see the top */
		rcu_barrier();	/* nothing of ours is left in any RCU callback queue */
	}
	for (unsigned int i = 0; i < data->nr; i++)
		if (data->table[i])
			fput(data->table[i]);
	kfree(data->table);
	kfree(data);
}

void io_sqe_files_free(struct io_ring_ctx *ctx)
{
	io_sqe_files_free_detached(io_sqe_files_detach(ctx));
}

/*
 * uring_lock held on entry and on return.  In GENERATIONS mode it is
 * dropped while waiting for the requests that still use the table (as
 * Linux's io_rsrc_ref_quiesce does): holding it would deadlock against a
 * fixed-file request queued behind a worker's IORING_OP_FILES_UPDATE,
 * which takes uring_lock.  The table is detached first, so nothing done
 * meanwhile can reach it.  In QUIESCE mode the caller has stopped the
 * ring and there is nothing to wait for; the lock must stay held, or
 * another register call would try to stop the stopped ring.
 */
int io_sqe_files_unregister(struct io_ring_ctx *ctx)
{
	struct fixed_file_data *data;

	if (!ctx->file_data)
		return -ENXIO;
	data = io_sqe_files_detach(ctx);
	if (!data->dying) {
		io_sqe_files_free_detached(data);
		return 0;
	}
	mutex_unlock(&ctx->uring_lock);
	io_sqe_files_free_detached(data);
	mutex_lock(&ctx->uring_lock);
	return 0;
}

int io_sqe_files_update(struct io_ring_ctx *ctx, uint32_t offset, const void __user *arg,
			unsigned int nr, struct files_struct *files)
{
	struct fixed_file_data *data = ctx->file_data;
	const int32_t __user *fds = arg;
	struct fixed_file_ref_node *next = NULL, *cur;
	unsigned int done = 0, max_put = 0;
	uint32_t end;
	int err = 0;

	if (!data)
		return -ENXIO;
	if (!nr)
		return -EINVAL;
	if (__builtin_add_overflow(offset, nr, &end))
		return -EOVERFLOW;
	if (end > data->nr)
		return -EINVAL;
	for (uint32_t i = offset; i < end; i++)
		max_put += data->table[i] != NULL;
	if (data->node) {
		/* Everything that can fail is allocated before the table changes. */
		next = io_alloc_node(data, 0);
		if (!next)
			return -ENOMEM;
		cur = data->node;
		cur->put_files = max_put ? kmalloc(max_put * sizeof(struct file *)) : NULL;
		if (max_put && !cur->put_files) {
			io_free_node(next);	/* never used: no switch, no references */
			return -ENOMEM;
		}
	}

	for (; done < nr; done++) {
		uint32_t slot = offset + done;
		struct file *old = data->table[slot], *nf = NULL;
		int32_t fd;

		if (copy_from_user(&fd, &fds[done], sizeof(fd))) {
			err = -EFAULT;
			break;
		}
		/* The new file first: on a bad fd the slot keeps its old one. */
		if (fd != -1) {
			nf = io_file_for_slot(files, fd, &err);
			if (!nf)
				break;
		}
		data->table[slot] = nf;
		if (!old)
			continue;
		if (next)
			cur->put_files[cur->nr_put++] = old;
		else
			fput(old);	/* QUIESCE mode: the ring is stopped, nobody uses it */
	}

	if (next && done) {
		io_switch_node(data, next);
	} else if (next) {
		kfree(cur->put_files);	/* nothing changed: cur stays current */
		cur->put_files = NULL;
		io_free_node(next);
	}
	return done ? (int)done : err;
}
