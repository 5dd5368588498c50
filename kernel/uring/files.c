/*
 * Fixed files: a table of files registered with the ring, used by index
 * (IOSQE_FIXED_FILE) so a request skips the fd lookup and its reference
 * count.  The hard part is changing the table while requests use it.
 * This file keeps the table and its generations (lookup, register,
 * unregister, teardown, and the removal of a file from a slot);
 * files_update.c changes slots (updates, IORING_FILE_INDEX_ALLOC, closing
 * a fixed slot, the alloc range), always through io_files_remove_slot()
 * and io_files_install_slot() below.
 *
 * Generations.  The table's life is cut into generations, one struct
 * fixed_file_gen each (Linux calls it a rsrc node), with a percpu_ref
 * counting the requests that looked up a file while that generation was
 * current.  Lookups and changes both run under uring_lock, so a lookup
 * always takes its reference on the generation that is current at that
 * moment, on the per-CPU fast path.
 *
 * A change that removes files (an update, closing a fixed slot) moves
 * each removed file, with its tag, onto the current generation's puts
 * and then retires that generation (percpu_ref_kill) after installing a
 * new one; a change that only fills empty slots keeps the generation, as
 * Linux switches nodes only when something was removed.  It waits for
 * nothing.  When a retired generation's count reaches zero, its release
 * callback runs: from the last request's put, or from the RCU callback
 * that finished the switch to atomic mode.  Both run with preemption off
 * (percpu_ref_put is an RCU reader), so release only marks the generation
 * done and queues data->put_work; the work, in a kworker that may be
 * preempted, does the heavy part: up to a table's worth of fputs, and
 * the tag CQEs.
 *
 * Order matters: a file removed in generation N may still be used by a
 * request that looked it up in an older generation K < N (the file was in
 * the table all along).  So removed files are put only when their
 * generation *and every older one* are done: the work walks the list of
 * generations from the oldest and frees the done prefix.  A test
 * (uring_files.removed_file_waits_for_older_generation) fails without it.
 *
 * Tags (IORING_REGISTER_FILES2, FILES_UPDATE2).  Each slot may carry a
 * 64-bit tag.  When a tagged file leaves the table by an update or a
 * close, a CQE with user_data = tag, res 0, flags 0 is posted once no
 * request can use the file: when its generation is freed, just before
 * its fput.  As in Linux 6.1 a batch of generations freed together posts
 * the newest generation's tags first, and each generation's in the
 * reverse order of removal (Linux pushes both on LIFO lists).  Files
 * still in the table at unregister or teardown post nothing: Linux 6.1
 * puts those without their tags.
 *
 * Teardown (unregister, or the ring going away).  Retire the current
 * generation and install none; wait in data->done, which the last
 * generation's release signals (it queues no work); cancel put_work,
 * waiting for a run in progress; free the generations left (posting their
 * tags on unregister, not on teardown, where no one can see the ring),
 * then the files still in the table and the table.  Teardown does that
 * last part itself rather than wait for the work: ring teardown runs in a
 * kworker, and put_work may be queued on that very one.  Unregister waits
 * with uring_lock dropped; meanwhile the table stays on the ring marked
 * unregistering, and every call sees it as Linux 6.1 sees a table whose
 * nr_user_files it zeroed for the wait (io_files_nr).
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
 * stops the ring around every call (register.c), and a removed file is
 * put (and its tag posted) at once.  Stopping the ring for every update is
 * what the generation design was invented to avoid.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "task.h"
#include "panic.h"
#include "rlimit.h"
#include "string.h"

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

unsigned int io_files_nr(struct fixed_file_data *data)
{
	return data && !data->unregistering ? data->nr : 0;
}

/* Posts a removed file's tag (if any) and puts the file. */
static void io_files_put_one(struct fixed_file_data *data, struct fixed_file_put *p, bool post)
{
	if (p->tag && post)
		io_post_aux_cqe(data->ctx, p->tag, 0);
	fput(p->file);
}

/* A generation that was never current, or is done with all older ones: nothing uses it. */
static void io_gen_free(struct fixed_file_gen *g, bool post_tags)
{
	while (g->nr_put)	/* newest removal first, as Linux's LIFO rsrc_list */
		io_files_put_one(g->data, &g->puts[--g->nr_put], post_tags);
	kfree(g->puts);
	percpu_ref_exit(&g->refs);
	kfree(g);
	atomic_long_dec(&io_file_gens_live);
}

/* Frees the done prefix of data->gens (see the top), newest first; may sleep. */
static void io_gens_put_done(struct fixed_file_data *data, bool post_tags)
{
	struct fixed_file_gen *g, *tmp;
	LIST_HEAD(freeable);

	spin_lock(&data->lock);
	list_for_each_entry_safe(g, tmp, &data->gens, list) {
		/* LAB(fixed_files) BEGIN SOLUTION */
		if (!g->done)
			break;
		/* LAB(fixed_files) END SOLUTION */
		/* LAB(fixed_files) STUB: if (!g->done) */
		/* LAB(fixed_files) STUB: 	continue; */
		/* LAB(fixed_files) YOUR CODE HERE: which done generations may go? (task 2) */
		list_move_tail(&g->list, &freeable);
	}
	spin_unlock(&data->lock);

	while (!list_empty(&freeable)) {
		g = list_entry(freeable.prev, struct fixed_file_gen, list);
		list_del_init(&g->list);
		io_gen_free(g, post_tags);
	}
}

/* data->put_work, in a kworker: preemptible, so its fputs hold up no grace period. */
static void io_gens_put_work(struct work_struct *w)
{
	io_gens_put_done(container_of(w, struct fixed_file_data, put_work), true);
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

int io_files_change_begin(struct fixed_file_data *data, unsigned int max_removed,
			  struct fixed_file_gen **nextp)
{
	struct fixed_file_gen *cur = data->cur;

	*nextp = NULL;
	if (data->mode == IO_URING_UPDATE_QUIESCE || !max_removed)
		return 0;
	/* LAB(fixed_files) BEGIN SOLUTION */
	*nextp = io_gen_alloc(data);
	if (!*nextp)
		return -ENOMEM;
	cur->puts = kmalloc(max_removed * sizeof(*cur->puts));
	if (!cur->puts) {
		io_gen_free(*nextp, false);	/* never current: no switch, no references */
		*nextp = NULL;
		return -ENOMEM;
	}
	return 0;
	/* LAB(fixed_files) END SOLUTION */
	/* LAB(fixed_files) STUB: size_t size = (cur->nr_put + max_removed) * sizeof(*cur->puts); */
	/* LAB(fixed_files) STUB: struct fixed_file_put *puts = kmalloc(size); */
	/* LAB(fixed_files) STUB: if (!puts) */
	/* LAB(fixed_files) STUB: 	return -ENOMEM; */
	/* LAB(fixed_files) STUB: memcpy(puts, cur->puts, cur->nr_put * sizeof(*puts)); */
	/* LAB(fixed_files) STUB: kfree(cur->puts); */
	/* LAB(fixed_files) STUB: cur->puts = puts; */
	/* LAB(fixed_files) STUB: return 0; */
	/* LAB(fixed_files) YOUR CODE HERE: today cur is never retired (task 1) */
}

void io_files_change_end(struct fixed_file_data *data, struct fixed_file_gen *next)
{
	/* LAB(fixed_files) BEGIN SOLUTION */
	struct fixed_file_gen *old = data->cur;

	if (!next)
		return;
	if (!old->nr_put) {	/* nothing removed: cur stays current */
		kfree(old->puts);
		old->puts = NULL;
		io_gen_free(next, false);
		return;
	}
	spin_lock(&data->lock);
	list_add_tail(&next->list, &data->gens);
	data->nr_unreleased++;
	spin_unlock(&data->lock);
	data->cur = next;
	percpu_ref_kill(&old->refs);
	/* LAB(fixed_files) END SOLUTION */
	/* LAB(fixed_files) STUB: (void)data; */
	/* LAB(fixed_files) STUB: (void)next; */
	/* LAB(fixed_files) YOUR CODE HERE: make next current, retire the old one (task 1) */
}

void io_files_remove_slot(struct fixed_file_data *data, unsigned int slot)
{
	struct fixed_file_put p = { .file = data->table[slot], .tag = data->tags[slot] };

	data->table[slot] = NULL;
	data->tags[slot] = 0;
	data->alloc_hint = slot;	/* as Linux's io_file_bitmap_clear */
	if (data->mode == IO_URING_UPDATE_QUIESCE)
		io_files_put_one(data, &p, true);	/* the ring is stopped: nobody uses it */
	else
		data->cur->puts[data->cur->nr_put++] = p;
}

void io_files_install_slot(struct fixed_file_data *data, unsigned int slot, struct file *f,
			   uint64_t tag)
{
	data->table[slot] = f;
	data->tags[slot] = tag;
	data->alloc_hint = slot + 1;	/* as Linux's io_file_bitmap_set */
}

int io_fixed_file_get(struct io_kiocb *req, unsigned int index)
{
	struct fixed_file_data *data = req->ctx->file_data;
	struct file *f;

	if (index >= io_files_nr(data))
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

/* Puts the files still in a table nobody uses any more, without their tags, and frees it. */
static void io_files_table_free(struct fixed_file_data *data)
{
	for (unsigned int i = 0; data->table && i < data->nr; i++)
		if (data->table[i])
			fput(data->table[i]);
	kfree(data->table);
	kfree(data->tags);
	kfree(data);
}

/* Fills data's slots from fds (NULL: all empty) and the tags already copied; Linux's order. */
static int io_files_fill(struct fixed_file_data *data, const int32_t __user *fds)
{
	for (unsigned int i = 0; i < data->nr; i++) {
		int32_t fd = -1;
		struct file *f;

		if (fds && copy_from_user(&fd, &fds[i], sizeof(fd)))
			return -EFAULT;
		if (fd == -1) {		/* a sparse slot, which may not carry a tag */
			if (data->tags[i])
				return -EINVAL;
			continue;
		}
		f = io_file_from_fd(current->files, fd);
		if (!f)
			return -EBADF;	/* not open, or a ring */
		data->table[i] = f;
	}
	return 0;
}

int io_sqe_files_register(struct io_ring_ctx *ctx, const void __user *fds, unsigned int nr,
			  const uint64_t __user *tags)
{
	struct fixed_file_data *data;
	int ret;

	if (ctx->file_data)
		return -EBUSY;
	if (!nr)
		return -EINVAL;
	if (nr > IORING_MAX_FIXED_FILES || nr > rlimit(RLIMIT_NOFILE))
		return -EMFILE;
	data = kzalloc(sizeof(*data));
	if (!data)
		return -ENOMEM;
	data->ctx = ctx;
	data->nr = nr;
	data->mode = ctx->update_mode;
	spin_lock_init(&data->lock, "fixed_file_data");
	INIT_LIST_HEAD(&data->gens);
	INIT_WORK(&data->put_work, io_gens_put_work);
	init_completion(&data->done);
	data->table = kzalloc(nr * sizeof(struct file *));
	data->tags = kzalloc(nr * sizeof(uint64_t));
	ret = data->table && data->tags ? 0 : -ENOMEM;
	/* As Linux, every tag is copied before the first fd is looked at. */
	if (!ret && tags && copy_from_user(data->tags, tags, nr * sizeof(uint64_t)))
		ret = -EFAULT;
	if (!ret)
		ret = io_files_fill(data, fds);
	if (!ret && data->mode == IO_URING_UPDATE_GENERATIONS) {
		data->cur = io_gen_alloc(data);
		if (data->cur) {
			list_add_tail(&data->cur->list, &data->gens);
			data->nr_unreleased = 1;
		} else {
			ret = -ENOMEM;
		}
	}
	if (ret) {
		io_files_table_free(data);
		return ret;
	}
	data->alloc_end = nr;	/* the alloc range defaults to the whole table */
	data->alloc_hint = 0;
	ctx->file_data = data;
	return 0;
}

/*
 * Retires the current generation and installs none, so the last release
 * signals data->done.  uring_lock held, or no request left (teardown).
 */
static void io_files_retire(struct fixed_file_data *data)
{
	spin_lock(&data->lock);
	data->dying = true;
	spin_unlock(&data->lock);
	/* LAB(seed_hunt) BEGIN SOLUTION */
	percpu_ref_kill(&data->cur->refs);
	/* LAB(seed_hunt) END SOLUTION */
	/* LAB(seed_hunt) STUB: percpu_ref_kill_and_confirm(&data->cur->refs, io_gen_release); */
}

/*
 * Waits until no request uses data's generations and frees them, posting
 * their tags if post_tags.  Not flush_work: teardown may run in the very
 * kworker the work is queued on.  May sleep for as long as those requests
 * take, so no ring lock may be held: a worker running
 * IORING_OP_FILES_UPDATE needs uring_lock.
 */
static void io_files_wait_gens(struct fixed_file_data *data, bool post_tags)
{
	wait_for_completion(&data->done);
	cancel_work_sync(&data->put_work);
	io_gens_put_done(data, post_tags);
}

void io_sqe_files_free(struct io_ring_ctx *ctx)
{
	struct fixed_file_data *data = ctx->file_data;

	ctx->file_data = NULL;
	if (data->mode == IO_URING_UPDATE_GENERATIONS) {
		io_files_retire(data);
		io_files_wait_gens(data, false);	/* no one can see this ring's CQEs */
	}
	io_files_table_free(data);
}

/*
 * uring_lock held on entry and on return.  In GENERATIONS mode it is
 * dropped while waiting for the requests that still use the table (as
 * Linux's io_rsrc_ref_quiesce does): holding it would deadlock against a
 * fixed-file request queued behind a worker's IORING_OP_FILES_UPDATE,
 * which takes uring_lock.  Meanwhile the table is marked unregistering:
 * it has no slots for anyone (io_files_nr), a second unregister gets
 * -ENXIO and a register -EBUSY, as in Linux 6.1.  In QUIESCE mode the
 * caller has stopped the ring and there is nothing to wait for; the lock
 * must stay held, or another register call would try to stop the
 * stopped ring.
 */
int io_sqe_files_unregister(struct io_ring_ctx *ctx)
{
	struct fixed_file_data *data = ctx->file_data;

	if (!data || data->unregistering)
		return -ENXIO;
	if (data->mode == IO_URING_UPDATE_QUIESCE) {
		ctx->file_data = NULL;
		io_files_table_free(data);
		return 0;
	}
	data->unregistering = true;
	io_files_retire(data);
	mutex_unlock(&ctx->uring_lock);
	io_files_wait_gens(data, true);
	mutex_lock(&ctx->uring_lock);
	ctx->file_data = NULL;
	io_files_table_free(data);
	return 0;
}
