/*
 * Messages: struct sock_msg (include/net.h), the kernel's copy of what a
 * struct user_msghdr says, with a cursor over its segments
 * (sock_msg_copy_from/_to advance it, as Linux's msg_iter does).
 *
 * sock_msg_import makes it from a user_msghdr with Linux's checks in
 * Linux's order (copy_msghdr_from_user, import_iovec, then
 * ____sys_sendmsg's control-data copy).  The control data of a send is
 * walked here as Linux's __scm_send walks it, and what it would answer is
 * kept in control_err for the protocol to return where Linux checks it;
 * the data itself is not kept (no descriptor or credential passing).
 * sock_recvmsg_finish is ___sys_recvmsg's write-back into the user's
 * header.
 */
#include "internal.h"
#include "slab.h"
#include "errno.h"
#include "string.h"
#include "uaccess.h"

/* Linux's optmem_max: control data of this size or more is -ENOBUFS. */
#define SOCK_OPTMEM_MAX	20480

int sock_msg_init_single(struct sock_msg *m, void __user *buf, size_t len)
{
	memset(m, 0, sizeof(*m));
	len = min(len, (size_t)NET_MAX_RW_COUNT);
	if (!access_ok(buf, len))
		return -EFAULT;
	m->single.iov_base = buf;
	m->single.iov_len = len;
	m->iov = &m->single;
	m->nr_segs = 1;
	m->len = len;
	return 0;
}

void sock_msg_init_iov(struct sock_msg *m, struct iovec *iov, unsigned long nr)
{
	memset(m, 0, sizeof(*m));
	m->iov = iov;
	m->nr_segs = nr;
	for (unsigned long i = 0; i < nr; i++)
		m->len += iov[i].iov_len;
}

void sock_msg_release(struct sock_msg *m)
{
	if (m->iov && m->iov != &m->single && m->owns_iov)
		kfree(m->iov);
	m->iov = NULL;
}

/* Copies n bytes between the cursor's segments and buf; 0 or -EFAULT. */
static int sock_msg_copy(struct sock_msg *m, void *buf, size_t n, bool to_user)
{
	char *p = buf;

	while (n) {
		struct iovec *seg;
		size_t chunk, left;

		if (m->seg >= m->nr_segs)
			return -EFAULT;		/* more than the segments hold: a caller bug */
		seg = &m->iov[m->seg];
		chunk = min(n, seg->iov_len - m->seg_off);
		if (to_user)
			left = copy_to_user((char __user *)seg->iov_base + m->seg_off, p, chunk);
		else
			left = copy_from_user(p, (char __user *)seg->iov_base + m->seg_off, chunk);
		m->seg_off += chunk - left;
		if (left)
			return -EFAULT;
		if (m->seg_off == seg->iov_len) {
			m->seg++;
			m->seg_off = 0;
		}
		p += chunk;
		n -= chunk;
	}
	return 0;
}

int sock_msg_copy_from(struct sock_msg *m, void *dst, size_t len)
{
	return sock_msg_copy(m, dst, len, false);
}

int sock_msg_copy_to(struct sock_msg *m, const void *src, size_t len)
{
	return sock_msg_copy(m, (void *)src, len, true);
}

/* Linux's import_iovec: the array copied in, lengths checked, then every segment's range. */
static int import_segments(struct sock_msg *m, const struct iovec __user *uvec, size_t nr)
{
	size_t total = 0;

	m->iov = kmalloc(nr * sizeof(struct iovec) + 1);
	if (!m->iov)
		return -ENOMEM;
	m->owns_iov = true;
	m->nr_segs = nr;
	if (copy_from_user(m->iov, uvec, nr * sizeof(struct iovec)))
		return -EFAULT;
	for (size_t i = 0; i < nr; i++) {
		if ((long)m->iov[i].iov_len < 0)
			return -EINVAL;
	}
	for (size_t i = 0; i < nr; i++) {
		if (!access_ok(m->iov[i].iov_base, m->iov[i].iov_len))
			return -EFAULT;
		m->iov[i].iov_len = min(m->iov[i].iov_len, NET_MAX_RW_COUNT - total);
		total += m->iov[i].iov_len;
	}
	m->len = total;
	return 0;
}

/*
 * Linux's __scm_send over a kernel copy of the control data: walks the
 * cmsghdrs (none if shorter than one header), skips other levels, and
 * answers -EINVAL for a header that does not fit or an unknown SOL_SOCKET
 * type, -EOPNOTSUPP for SCM_RIGHTS and SCM_CREDENTIALS (not kept).
 */
static int check_control(const char *ctl, size_t len)
{
	size_t off = 0;

	while (len - off >= sizeof(struct cmsghdr)) {
		struct cmsghdr c;

		memcpy(&c, ctl + off, sizeof(c));
		if (c.cmsg_len < sizeof(c) || c.cmsg_len > len - off)
			return -EINVAL;
		if (c.cmsg_level == SOL_SOCKET) {
			if (c.cmsg_type != SCM_RIGHTS && c.cmsg_type != SCM_CREDENTIALS)
				return -EINVAL;
			return -EOPNOTSUPP;
		}
		if (CMSG_ALIGN(c.cmsg_len) >= len - off)
			break;
		off += CMSG_ALIGN(c.cmsg_len);
	}
	return 0;
}

static int import_control(struct sock_msg *m, const struct user_msghdr *h)
{
	char *ctl;

	if (!h->msg_controllen)
		return 0;
	if (h->msg_controllen > 0x7fffffffUL || h->msg_controllen >= SOCK_OPTMEM_MAX)
		return -ENOBUFS;
	ctl = kmalloc(h->msg_controllen);
	if (!ctl)
		return -ENOBUFS;
	if (copy_from_user(ctl, h->msg_control, h->msg_controllen)) {
		kfree(ctl);
		return -EFAULT;
	}
	m->control_err = check_control(ctl, h->msg_controllen);
	kfree(ctl);
	return 0;
}

int sock_msg_import(struct sock_msg *m, struct user_msghdr __user *umsg, bool send)
{
	struct user_msghdr h;
	int err;

	memset(m, 0, sizeof(*m));
	m->iov = &m->single;
	if (copy_from_user(&h, umsg, sizeof(h)))
		return -EFAULT;
	if (!h.msg_name)
		h.msg_namelen = 0;
	if (h.msg_namelen < 0)
		return -EINVAL;
	m->namelen = min(h.msg_namelen, (int)sizeof(struct sockaddr_storage));
	if (send && m->namelen && copy_from_user(&m->name, h.msg_name, (size_t)m->namelen))
		return -EFAULT;
	if (!send) {
		m->umsg = umsg;
		m->uname = h.msg_name;
		m->namelen = 0;
	}
	if (h.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	err = import_segments(m, h.msg_iov, h.msg_iovlen);
	if (!err && send)
		err = import_control(m, &h);
	if (err)
		sock_msg_release(m);
	return err;
}

int sock_put_name(const void *kaddr, int klen, void __user *uaddr, int __user *ulen)
{
	int len;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	len = min(len, klen);
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, (size_t)len))
		return -EFAULT;
	return copy_to_user(ulen, &klen, sizeof(klen)) ? -EFAULT : 0;
}

ssize_t sock_recvmsg_finish(struct sock_msg *m, ssize_t ret)
{
	size_t controllen = 0;
	int err;

	if (!m->umsg || ret < 0)
		return ret;
	if (m->uname) {
		err = sock_put_name(&m->name, m->out_namelen, m->uname, &m->umsg->msg_namelen);
		if (err)
			return err;
	}
	if (copy_to_user(&m->umsg->msg_flags, &m->out_flags, sizeof(m->out_flags)) ||
	    copy_to_user(&m->umsg->msg_controllen, &controllen, sizeof(controllen)))
		return -EFAULT;
	return ret;
}
