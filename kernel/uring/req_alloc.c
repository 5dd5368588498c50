/*
 * Where requests come from and where they go: a per-ring cache of freed
 * requests, as Linux keeps (ctx->submit_state.free_list and
 * ctx->locked_free_list in 6.1).
 *
 * Every SQE needs a struct io_kiocb, and with the kernel's debug
 * allocator a kzalloc/kfree pair costs more than a NOP itself: kfree
 * poisons the object, parks it in a quarantine and checks the poison
 * again on the way out.  So a freed request stays with its ring:
 *
 *   ctx->free_reqs         taken and refilled under uring_lock: the
 *                          submitter allocates from it, and requests
 *                          completed inside a submission batch (which
 *                          holds uring_lock) go straight back to it;
 *   ctx->locked_free_reqs  requests freed anywhere else (workers, timer
 *                          work, teardown), under completion_lock; the
 *                          submitter takes the whole list in one go when
 *                          its own is empty.
 *
 * Each list holds at most IO_REQ_CACHE_MAX requests; beyond that they go
 * back to kfree.  The leak checks' count of live requests (io_reqs_live)
 * follows the memory: a cached request is still counted, until the ring's
 * teardown frees its caches, so a recycled request costs no shared atomic.  The ring's teardown frees both lists after its last
 * request is gone.  A recycled request is zeroed, exactly as kzalloc
 * would give it.
 *
 * Lifetime checks.  A cached request is never poisoned, so a use after
 * free would go unseen.  The boot option io_uring.req_cache=0 gives each
 * request its own kzalloc and kfree again; the torture test and the
 * fuzzer boot with it (tests/suite.py), so they still hunt requests used
 * after their free with the allocator's poison and quarantine.
 */
#include "internal.h"
#include "slab.h"
#include "string.h"

#define IO_REQ_CACHE_MAX	256

bool io_req_cache_enabled = true;
atomic_long_t io_reqs_live;
KTEST_LEAK_COUNTER(io_reqs_live, "io_uring requests");

struct io_kiocb *io_alloc_req(struct io_ring_ctx *ctx)
{
	struct io_kiocb *req = NULL;

	if (io_req_cache_enabled) {
		/* A lockless peek: a request freed just after it waits for the next refill. */
		if (!ctx->free_reqs && READ_ONCE(ctx->nr_locked_free)) {
			spin_lock(&ctx->completion_lock);
			ctx->free_reqs = ctx->locked_free_reqs;
			ctx->nr_free_reqs = ctx->nr_locked_free;
			ctx->locked_free_reqs = NULL;
			WRITE_ONCE(ctx->nr_locked_free, 0);
			spin_unlock(&ctx->completion_lock);
		}
		req = ctx->free_reqs;
		if (req) {
			ctx->free_reqs = req->cache_next;
			ctx->nr_free_reqs--;
			memset(req, 0, sizeof(*req));
		}
	}
	if (!req) {
		req = kzalloc(sizeof(*req));
		if (!req)
			return NULL;
		atomic_long_inc(&io_reqs_live);
	}
	req->ctx = ctx;
	req->tctx = io_tctx_get();
	INIT_LIST_HEAD(&req->list);
	INIT_LIST_HEAD(&req->timeout_node);
	percpu_ref_get(&ctx->refs);
	return req;
}

/* A request's memory back to kfree: the live count follows the memory, not each use. */
static void io_req_kfree(struct io_kiocb *req)
{
	kfree(req);
	atomic_long_dec(&io_reqs_live);
}

void io_req_recycle(struct io_kiocb *req, bool locked)
{
	struct io_ring_ctx *ctx = req->ctx;

	if (!io_req_cache_enabled) {
		io_req_kfree(req);
		return;
	}
	if (locked) {
		if (ctx->nr_free_reqs < IO_REQ_CACHE_MAX) {
			req->cache_next = ctx->free_reqs;
			ctx->free_reqs = req;
			ctx->nr_free_reqs++;
			return;
		}
	} else {
		spin_lock(&ctx->completion_lock);
		if (ctx->nr_locked_free < IO_REQ_CACHE_MAX) {
			req->cache_next = ctx->locked_free_reqs;
			ctx->locked_free_reqs = req;
			WRITE_ONCE(ctx->nr_locked_free, ctx->nr_locked_free + 1);
			spin_unlock(&ctx->completion_lock);
			return;
		}
		spin_unlock(&ctx->completion_lock);
	}
	io_req_kfree(req);
}

/* Frees a singly linked list of cached requests. */
static void io_req_list_free(struct io_kiocb *req)
{
	while (req) {
		struct io_kiocb *next = req->cache_next;

		io_req_kfree(req);
		req = next;
	}
}

void io_req_caches_free(struct io_ring_ctx *ctx)
{
	io_req_list_free(ctx->free_reqs);
	io_req_list_free(ctx->locked_free_reqs);
	ctx->free_reqs = ctx->locked_free_reqs = NULL;
	ctx->nr_free_reqs = ctx->nr_locked_free = 0;
}
