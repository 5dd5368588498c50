/*
 * Fixed files: a table of files registered with the ring, used by index
 * (IOSQE_FIXED_FILE) so a request skips the fd lookup and its reference
 * count.  The hard part is changing the table while requests use it.
 *
 * Generations.  The table's life is cut into generations, one struct
 * fixed_file_gen each (Linux calls it fixed_file_ref_node), with a
 * percpu_ref counting the requests that looked up a file while that
 * generation was current.  Lookups and updates both run under uring_lock,
 * so a lookup always takes its reference on the generation that is
 * current at that moment, on the per-CPU fast path.
 *
 * An update (register-update or IORING_OP_FILES_UPDATE) changes slots in
 * place, moves the files it removed onto the current generation's
 * put_files, and retires that generation (percpu_ref_kill) after
 * installing a new one.  It waits for nothing.  When a retired
 * generation's count reaches zero, its release callback runs: from the
 * last request's put, or from the RCU callback that finished the switch
 * to atomic mode.  Both run with preemption off (percpu_ref_put is an RCU
 * reader), so release only marks the generation done and queues
 * data->put_work; the work, in a kworker that may be preempted, does the
 * heavy part: up to IORING_MAX_FIXED_FILES fputs.  Done in release, they
 * would hold off every CPU's grace periods for as long as they take.
 *
 * Order matters: a file removed in generation N may still be used by a
 * request that looked it up in an older generation K < N (the file was in
 * the table all along).  So removed files are put only when their
 * generation *and every older one* are done: the work walks the list of
 * generations from the oldest and frees the done prefix.  A test
 * (uring_files.removed_file_waits_for_older_generation) fails without it.
 *
 * Teardown (unregister, or the ring going away).  Take the table off the
 * ring, retire the current generation and install none; wait in
 * data->done, which the last generation's release signals (it queues no
 * work); cancel put_work, waiting for a run in progress; free the
 * generations left, then the files still in the table and the table.
 * Teardown does that last part itself rather than wait for the work:
 * ring teardown runs in a kworker, and put_work may be queued on that
 * very one.  Unregister waits with uring_lock dropped
 * (io_sqe_files_unregister).
 *
 * Why that is safe.  "Safe to free" comes from a release, never from a
 * confirm hook: the seed bug (docs/uring.md) was waiting for
 * kill_and_confirm's hook and freeing while the RCU callback that called
 * it still had the ref's fields to write.  A switch to atomic mode holds
 * a reference until the last statement of its RCU callback, so a release
 * runs after that callback's last access to the ref; the RCU core
 * deactivates a callback's rcu_head (for ODEBUG) before calling it and
 * does not touch it after.  After its complete() a release touches
 * nothing, and complete() itself touches the completion only under its
 * lock, which the waiter must take too.  Every other release queued
 * put_work under data->lock before the last one took that lock, so the
 * cancel sees every queueing there will ever be.  Hence no rcu_barrier()
 * is needed; uring_files_release checks the close path with the seed's
 * window widened.
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

struct fixed_file_gen {
	struct percpu_ref refs;		/* requests that looked up a file in this generation */
	struct list_head list;		/* in data->gens, oldest first */
	struct fixed_file_data *data;
	struct file **put_files;	/* removed while this generation was current */
	unsigned int nr_put;
	bool done;			/* released; freed once all older ones are too */
};

struct fixed_file_data {
	struct file **table;
	unsigned int nr;
	enum io_uring_update_mode mode;	/* ctx->update_mode, fixed while registered */
	struct fixed_file_gen *cur;	/* GENERATIONS: the current generation */
	spinlock_t lock;		/* gens, nr_unreleased, every done, dying */
	struct list_head gens;
	unsigned int nr_unreleased;	/* generations in gens not yet done */
	bool dying;			/* detached: no generation will be added */
	struct work_struct put_work;	/* frees the done prefix of gens */
	struct completion done;		/* the last generation was released while dying */
};

static atomic_long_t io_file_gens_live;
KTEST_LEAK_COUNTER(io_file_gens_live, "io_uring file generations");

bool io_is_uring_file(struct file *f)
{
	return f->f_op == &io_uring_fops;
}

struct file *io_file_from_fd(struct files_struct *files, int fd)
{
	struct file *f = files && fd >= 0 ? fdget(files, fd) : NULL;

	if (f && io_is_uring_file(f)) {
		fput(f);	/* a ring holding itself could never be torn down */
		return NULL;
	}
	return f;
}

/* A generation that was never current, or is done with all older ones: nothing uses it. */
static void io_gen_free(struct fixed_file_gen *g)
{
	for (unsigned int i = 0; i < g->nr_put; i++)
		fput(g->put_files[i]);
	kfree(g->put_files);
	percpu_ref_exit(&g->refs);
	kfree(g);
	atomic_long_dec(&io_file_gens_live);
}

/* Frees the done prefix of data->gens (see the top); any context that may sleep. */
static void io_gens_put_done(struct fixed_file_data *data)
{
	struct fixed_file_gen *g, *tmp;
	LIST_HEAD(freeable);

	spin_lock(&data->lock);
	list_for_each_entry_safe(g, tmp, &data->gens, list) {
		if (!g->done)
			break;
		list_move_tail(&g->list, &freeable);
	}
	spin_unlock(&data->lock);

	list_for_each_entry_safe(g, tmp, &freeable, list)
		io_gen_free(g);
}

/* data->put_work, in a kworker: preemptible, so its fputs hold up no grace period. */
static void io_gens_put_work(struct work_struct *w)
{
	io_gens_put_done(container_of(w, struct fixed_file_data, put_work));
}

/*
 * percpu_ref release: preemption is off (see the top), so only mark the
 * generation done.  Before teardown, hand it to put_work, queued under
 * data->lock: teardown cancels the work only after the last release,
 * which takes the lock after us.  The last release while dying queues
 * nothing and tells teardown, which frees what is left itself.
 */
static void io_gen_release(struct percpu_ref *ref)
{
	struct fixed_file_gen *g = container_of(ref, struct fixed_file_gen, refs);
	struct fixed_file_data *data = g->data;
	bool last;

	spin_lock(&data->lock);
	g->done = true;
	last = --data->nr_unreleased == 0 && data->dying;
	if (!last)
		queue_work(system_wq, &data->put_work);
	spin_unlock(&data->lock);
	if (last)
		complete(&data->done);	/* data may be freed as soon as this returns */
}

static struct fixed_file_gen *io_gen_alloc(struct fixed_file_data *data)
{
	struct fixed_file_gen *g = kzalloc(sizeof(*g));

	if (!g)
		return NULL;
	if (percpu_ref_init(&g->refs, io_gen_release, 0)) {
		kfree(g);
		return NULL;
	}
	g->data = data;
	INIT_LIST_HEAD(&g->list);
	atomic_long_inc(&io_file_gens_live);
	return g;
}

/* Makes g the current generation and retires the old one. */
static void io_gen_switch(struct fixed_file_data *data, struct fixed_file_gen *g)
{
	struct fixed_file_gen *old = data->cur;

	spin_lock(&data->lock);
	list_add_tail(&g->list, &data->gens);
	data->nr_unreleased++;
	spin_unlock(&data->lock);
	data->cur = g;
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
	if (data->mode == IO_URING_UPDATE_GENERATIONS) {
		req->file_gen = data->cur;
		percpu_ref_get(&data->cur->refs);
	}
	return 0;
}

void io_fixed_file_put(struct io_kiocb *req)
{
	if (req->file_gen)
		percpu_ref_put(&req->file_gen->refs);
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
	data->mode = ctx->update_mode;
	spin_lock_init(&data->lock, "fixed_file_data");
	INIT_LIST_HEAD(&data->gens);
	INIT_WORK(&data->put_work, io_gens_put_work);
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
		data->table[i] = io_file_from_fd(current->files, fd);
		if (!data->table[i]) {
			ret = -EBADF;
			goto fail;
		}
		data->nr = i + 1;
	}
	data->nr = nr;
	if (data->mode == IO_URING_UPDATE_GENERATIONS) {
		data->cur = io_gen_alloc(data);
		if (!data->cur) {
			ret = -ENOMEM;
			goto fail;
		}
		list_add_tail(&data->cur->list, &data->gens);
		data->nr_unreleased = 1;
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

	ctx->file_data = NULL;
	if (data->mode == IO_URING_UPDATE_GENERATIONS) {
		spin_lock(&data->lock);
		data->dying = true;
		spin_unlock(&data->lock);
		percpu_ref_kill(&data->cur->refs);
	}
	return data;
}

/*
 * Frees a detached table once no request can be using it.  In GENERATIONS
 * mode requests may still be in flight: wait for the last generation's
 * release, stop put_work (it lives in data) and free the generations it
 * has not freed.  Not flush_work: teardown may run in the very kworker
 * the work is queued on.  In QUIESCE mode the caller stopped the ring.
 * May sleep for as long as those requests take, so no ring lock may be
 * held: a worker running IORING_OP_FILES_UPDATE needs uring_lock.
 */
static void io_sqe_files_free_detached(struct fixed_file_data *data)
{
	if (data->mode == IO_URING_UPDATE_GENERATIONS) {
		wait_for_completion(&data->done);
		cancel_work_sync(&data->put_work);
		io_gens_put_done(data);
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
	if (data->mode == IO_URING_UPDATE_QUIESCE) {
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
	bool generations = data && data->mode == IO_URING_UPDATE_GENERATIONS;
	const int32_t __user *fds = arg;
	struct fixed_file_gen *next = NULL, *cur = NULL;
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
	if (generations) {
		/* Everything that can fail is allocated before the table changes. */
		next = io_gen_alloc(data);
		if (!next)
			return -ENOMEM;
		cur = data->cur;
		cur->put_files = max_put ? kmalloc(max_put * sizeof(struct file *)) : NULL;
		if (max_put && !cur->put_files) {
			io_gen_free(next);	/* never current: no switch, no references */
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
			nf = io_file_from_fd(files, fd);
			if (!nf) {
				err = -EBADF;
				break;
			}
		}
		data->table[slot] = nf;
		if (!old)
			continue;
		if (generations)
			cur->put_files[cur->nr_put++] = old;
		else
			fput(old);	/* QUIESCE mode: the ring is stopped, nobody uses it */
	}

	if (generations && done) {
		io_gen_switch(data, next);
	} else if (generations) {
		kfree(cur->put_files);	/* nothing changed: cur stays current */
		cur->put_files = NULL;
		io_gen_free(next);
	}
	return done ? (int)done : err;
}
