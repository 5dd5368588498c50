/* Error numbers, with Linux's values (io_uring's ABI returns them). */
#ifndef ERRNO_H
#define ERRNO_H
#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EPIPE		32
#define ERANGE		34
#define ENOSYS		38
#define ENAMETOOLONG	36
#define ENOTEMPTY	39
#define ELOOP		40
#define EOVERFLOW	75
#define EBADFD		77	/* file descriptor in bad state */
#define ENOTSOCK	88
#define EDESTADDRREQ	89
#define EMSGSIZE	90
#define EPROTOTYPE	91
#define ENOPROTOOPT	92
#define EPROTONOSUPPORT	93
#define ESOCKTNOSUPPORT	94
#define EOPNOTSUPP	95
#define EAFNOSUPPORT	97
#define ECONNRESET	104
#define ENOBUFS		105
#define EISCONN		106
#define ENOTCONN	107
#define ECONNREFUSED	111
#define ETIME		62
#define ECANCELED	125
#define ETIMEDOUT	110
#define EALREADY	114
#endif
