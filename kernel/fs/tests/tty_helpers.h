/*
 * What the tty suites share (tty_test.c, tty_smp_test.c): opening
 * /dev/console with Linux's default settings, empty input and output
 * captured (begin), putting back what was there (end), typing, and
 * checking reads and captured output.
 */
#ifndef TTY_HELPERS_H
#define TTY_HELPERS_H

#include "ktest.h"
#include "tty.h"
#include "uapi/termios.h"
#include "file.h"
#include "ramfs.h"
#include "string.h"

#define BAD_PTR 0x10UL		/* below mmap_min_addr: never mapped */

static struct termios saved;
static struct tty_capture cap;

/* Linux's defaults for the console, as TCGETS reports them at boot. */
static inline struct termios std_termios(void)
{
	struct termios t = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	};
	static const cc_t cc[NCCS] = { 003, 034, 0177, 025, 004, 0,   1,   0, 021,
				       023, 032, 0,    022, 017, 027, 026, 0 };

	memcpy(t.c_cc, cc, NCCS);
	return t;
}

static inline long set(struct file *f, unsigned int cmd, const struct termios *t)
{
	return tty_ioctl(f, cmd, (unsigned long)t);
}

/* Opens /dev/console with default settings, empty input and output captured. */
static inline struct file *begin(void)
{
	struct termios t = std_termios();
	struct file *f = NULL;

	if (ramfs_open("/dev/console", O_RDWR, 0, &f))
		return NULL;
	tty_ioctl(f, TCGETS, (unsigned long)&saved);
	set(f, TCSETSF, &t);
	memset(&cap, 0, sizeof(cap));
	tty_set_capture(&cap);
	return f;
}

static inline void end(struct file *f)
{
	tty_set_capture(NULL);
	set(f, TCSETSF, &saved);
	fput(f);
}

/* Changes the local modes (lflag) and iflag, VMIN of the open tty. */
static inline void modes(struct file *f, tcflag_t iflag, tcflag_t lflag, cc_t vmin)
{
	struct termios t = std_termios();

	t.c_iflag = iflag;
	t.c_lflag = lflag;
	t.c_cc[VMIN] = vmin;
	set(f, TCSETS, &t);
}

static inline void type(const char *s)
{
	tty_receive(s, strlen(s));
}

/* Reads once with buffer len and compares with want (NUL-terminated). */
static inline bool read_is(struct file *f, size_t len, const char *want)
{
	char buf[128] = { 0 };
	ssize_t n = vfs_read(f, buf, len, NULL);

	return n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0;
}

static inline bool captured(const char *want)
{
	return cap.len == strlen(want) && memcmp(cap.buf, want, cap.len) == 0;
}

#endif
