/*
 * The console tty, /dev/console (API in include/tty.h): Linux's line
 * discipline (n_tty) cut down to what a shell on a serial line needs.
 * docs/tty.md is the walk-through; this is the map.  The ioctls are in
 * tty_ioctl.c; struct tty is in this room's internal.h, for both.
 *
 * Input.  Bytes arrive through tty_receive, from the UART's interrupt
 * (arch/x86_64/serial.c) or a test.  Each is mapped (ICRNL, INLCR,
 * IGNCR), checked for a signal character (ISIG), then, in canonical mode,
 * edited into the current line (erase, kill, end of line, end of file) or,
 * in raw mode, queued as it is; echoed if ECHO asks.  The input ring holds
 * TTY_BUF_SIZE bytes, indexed by counters that only grow (masked on use):
 *
 *     tail <= canon_head <= head
 *     [tail, canon_head)   complete lines, ready for read
 *     [canon_head, head)   the line being typed: erase and kill work here
 *
 * A bit in eol[] marks a byte that ends a line (newline, VEOL, VEOL2, or
 * the end-of-file marker: a 0 byte, which read drops, so "abc^D" reads as
 * "abc" and a ^D on an empty line reads as 0, end of file).  In raw mode
 * every byte is ready at once: canon_head follows head.
 *
 * Reading.  One reader at a time (reading, under the lock; others wait
 * for it interruptibly, as Linux's atomic_read_lock), so a line or a
 * VMIN run is never split between two readers.  The reader takes bytes
 * out of the ring into a buffer on its stack under the lock, then copies
 * them to the user with the lock dropped (a user copy may fault; it must
 * not do so with interrupts off).  Canonical: a read returns when it has
 * a line, or len bytes of one.  Raw: when it has VMIN bytes (or len);
 * VMIN 0 returns at once with what is there.  A reader waits in
 * wait_event_interruptible on read_wait; tty_receive wakes it when a line
 * completes (canonical) or any byte arrives (raw).
 *
 * Output.  Writes and echo go through OPOST processing (ONLCR: "\n"
 * becomes "\r\n") to serial_console_write, which writes under printk's
 * console lock, so a program's output never lands inside a kernel line.
 * Output is synchronous: when write returns, the bytes are out.
 *
 * Locking.  lock guards everything here; the UART's interrupt takes it,
 * so everyone else takes it with interrupts off.  Echo and writes are
 * emitted under it too, which keeps echo in the order of the input and
 * whole writes whole.  Lock order: lock, then the console lock (and the
 * wait queue's lock in wake_up, which is never held while taking lock).
 */
#include "tty.h"
#include "internal.h"
#include "uapi/termios.h"
#include "uapi/poll.h"
#include "file.h"
#include "spinlock.h"
#include "wait.h"
#include "task.h"
#include "sched.h"
#include "signal.h"
#include "uaccess.h"
#include "string.h"
#include "errno.h"
#include <asm/serial.h>

/*
 * Linux's defaults for a serial console at 115200 baud (tty_std_termios,
 * INIT_C_CC): canonical, echoing, ^C ^\ ^? ^U ^D.
 */
struct tty console_tty = {
	.lock = SPINLOCK_INIT(console_tty.lock),
	.read_wait = WAIT_QUEUE_HEAD_INIT(console_tty.read_wait),
	.termios = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = {
			[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
			[VEOF] = 004, [VTIME] = 0, [VMIN] = 1, [VSTART] = 021,
			[VSTOP] = 023, [VSUSP] = 032, [VREPRINT] = 022, [VDISCARD] = 017,
			[VWERASE] = 027, [VLNEXT] = 026,
		},
	},
	.winsize = { .ws_row = 24, .ws_col = 80 },
};

static bool is_cntrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* c is the control character at c_cc[idx] (a 0 there matches nothing). */
static bool is_cc(const struct tty *tty, unsigned char c, int idx)
{
	cc_t v = tty->termios.c_cc[idx];

	return v != _POSIX_VDISABLE && c == v;
}

bool tty_test_eol(const struct tty *tty, unsigned long i)
{
	i &= TTY_MASK;
	return tty->eol[i / LONG_BITS] & (1UL << (i % LONG_BITS));
}

unsigned long tty_queued(const struct tty *tty)
{
	return tty->head - tty->tail;
}

/* Lock held.  Sends bytes to the console, or to the test capture. */
static void emit(struct tty *tty, const char *s, size_t n)
{
	struct tty_capture *c = tty->capture;

	if (!c) {
		serial_console_write(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++, c->len++)
		if (c->len < TTY_CAPTURE_SIZE)
			c->buf[c->len] = s[i];
}

/* Lock held.  Output processing: with OPOST and ONLCR each "\n" goes out as "\r\n". */
static void output(struct tty *tty, const char *s, size_t n)
{
	bool onlcr = (tty->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
	char out[2 * TTY_CHUNK];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (len + 2 > sizeof(out)) {
			emit(tty, out, len);
			len = 0;
		}
		if (s[i] == '\n' && onlcr)
			out[len++] = '\r';
		out[len++] = s[i];
	}
	emit(tty, out, len);
}

/* Lock held.  Echoes c; with ECHOCTL a control character (but tab) shows as ^X. */
static void echo_char(struct tty *tty, unsigned char c)
{
	char caret[2] = { '^', (char)(c ^ 0100) };

	if ((tty->termios.c_lflag & ECHOCTL) && is_cntrl(c) && c != '\t')
		output(tty, caret, 2);
	else
		output(tty, (const char *)&c, 1);
}

/* Lock held.  Queues c; eol marks it as the end of a line. */
static void store(struct tty *tty, unsigned char c, bool eol)
{
	unsigned long i = tty->head++ & TTY_MASK;
	unsigned long bit = 1UL << (i % LONG_BITS);

	tty->buf[i] = c;
	if (eol)
		tty->eol[i / LONG_BITS] |= bit;
	else
		tty->eol[i / LONG_BITS] &= ~bit;
}

void tty_flush_input(struct tty *tty)
{
	tty->tail = tty->head;
	tty->canon_head = tty->head;
}

/*
 * Lock held.  Canonical erase (kill false: one character) or kill (the
 * whole line being typed), echoed as Linux's eraser() does for these
 * flags: "\b \b" over each erased character (twice for one echoed as
 * ^X), or the erase/kill character itself when ECHOE/ECHOKE say not to.
 * A tab is rubbed out as one column (Linux works out its width).
 */
static void erase(struct tty *tty, bool kill, unsigned char c)
{
	tcflag_t l = tty->termios.c_lflag;

	if (tty->head == tty->canon_head)
		return;
	if (kill && (l & ECHO) && !((l & ECHOK) && (l & ECHOKE) && (l & ECHOE))) {
		tty->head = tty->canon_head;
		echo_char(tty, c);
		if (l & ECHOK)
			output(tty, "\n", 1);
		return;
	}
	do {
		unsigned char e = tty->buf[--tty->head & TTY_MASK];

		if (!(l & ECHO))
			continue;
		if (!kill && !(l & ECHOE)) {
			echo_char(tty, c);
		} else if (!is_cntrl(e) || e == '\t' || (l & ECHOCTL)) {
			output(tty, "\b \b", 3);
			if (is_cntrl(e) && e != '\t')
				output(tty, "\b \b", 3);	/* the ^ of ^X */
		}
	} while (kill && tty->head != tty->canon_head);
}

/*
 * Lock held.  A signal character (ISIG): drops the queued input (unless
 * NOFLSH), echoes it, and sends SIGINT (^C) or SIGQUIT (^\) to the
 * foreground process group (kill_pgrp never sleeps and takes no tty lock).
 */
static void isig(struct tty *tty, unsigned char c)
{
	int sig = is_cc(tty, c, VINTR) ? SIGINT : SIGQUIT;

	if (!(tty->termios.c_lflag & NOFLSH))
		tty_flush_input(tty);
	if (tty->termios.c_lflag & ECHO)
		echo_char(tty, c);
	if (tty->pgrp > 0)
		kill_pgrp(tty->pgrp, sig);
}

/* Lock held.  One received byte; returns true if a reader may now have input. */
static bool receive_char(struct tty *tty, unsigned char c)
{
	const struct termios *t = &tty->termios;

	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			return false;
		if (t->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if (t->c_lflag & ISIG) {
		if (is_cc(tty, c, VINTR) || is_cc(tty, c, VQUIT)) {
			isig(tty, c);
			return false;
		}
		if (is_cc(tty, c, VSUSP))
			return false;	/* no job control: ^Z is swallowed */
	}
	if (t->c_lflag & ICANON) {
		if (is_cc(tty, c, VERASE) || c == '\b') {
			erase(tty, false, c);
			return false;
		}
		if (is_cc(tty, c, VKILL)) {
			erase(tty, true, c);
			return false;
		}
		if (c == '\n' || is_cc(tty, c, VEOF) || is_cc(tty, c, VEOL) ||
		    is_cc(tty, c, VEOL2)) {
			if (tty_queued(tty) >= TTY_BUF_SIZE)
				return false;
			if (c == '\n') {
				if (t->c_lflag & (ECHO | ECHONL))
					output(tty, "\n", 1);
			} else if ((t->c_lflag & ECHO) && !is_cc(tty, c, VEOF)) {
				echo_char(tty, c);
			}
			/* The end-of-file character is queued as the 0 marker. */
			store(tty, is_cc(tty, c, VEOF) ? 0 : c, true);
			tty->canon_head = tty->head;
			return true;
		}
	}
	/* The last slot is kept for the end of a canonical line. */
	if (tty_queued(tty) >= TTY_BUF_SIZE - 1)
		return false;
	if (t->c_lflag & ECHO)
		echo_char(tty, c);
	store(tty, c, false);
	if (t->c_lflag & ICANON)
		return false;
	tty->canon_head = tty->head;
	return true;
}

void tty_receive(const char *buf, size_t n)
{
	struct tty *tty = &console_tty;
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool wake = false;

	for (size_t i = 0; i < n; i++)
		wake |= receive_char(tty, (unsigned char)buf[i]);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (wake)
		wake_up(&tty->read_wait);
}

size_t tty_receive_room(void)
{
	struct tty *tty = &console_tty;
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	unsigned long q = tty_queued(tty);
	size_t room;

	if (q < TTY_BUF_SIZE - 1)
		room = TTY_BUF_SIZE - 1 - q;
	else	/* full: a canonical line without its end still takes editing keys */
		room = (tty->termios.c_lflag & ICANON) && tty->canon_head == tty->tail &&
		       q < TTY_BUF_SIZE;
	spin_unlock_irqrestore(&tty->lock, flags);
	return room;
}

/*
 * Lock held.  Moves up to max ready bytes into kbuf and returns how many;
 * *line_end says a canonical line ended (its end-of-file marker, if that
 * ended it, is consumed but not copied).
 */
static size_t take_input(struct tty *tty, char *kbuf, size_t max, bool *line_end)
{
	bool canon = tty->termios.c_lflag & ICANON;
	size_t n = 0;

	*line_end = false;
	while (n < max && tty->tail != tty->canon_head) {
		unsigned long i = tty->tail++;
		unsigned char c = tty->buf[i & TTY_MASK];

		if (canon && tty_test_eol(tty, i)) {
			*line_end = true;
			if (c)
				kbuf[n++] = (char)c;
			break;
		}
		kbuf[n++] = (char)c;
	}
	return n;
}

/* For wait_event: a read would find input now (lockless; the reader rechecks). */
static bool input_ready(struct tty *tty)
{
	return READ_ONCE(tty->canon_head) != READ_ONCE(tty->tail);
}

static bool turn_free(struct tty *tty)
{
	return !READ_ONCE(tty->reading);
}

/* Becomes the one reader: 0, -EAGAIN (nonblock and another is reading) or -EINTR. */
static int start_reading(struct tty *tty, bool nonblock)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&tty->lock);

		if (!tty->reading) {
			tty->reading = true;
			spin_unlock_irqrestore(&tty->lock, flags);
			return 0;
		}
		spin_unlock_irqrestore(&tty->lock, flags);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(tty->read_wait, turn_free(tty)))
			return -EINTR;
	}
}

static void stop_reading(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->reading = false;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wait);
}

/*
 * Lock held.  True when a read that has done bytes is complete.
 * Canonical: its line ended, or it has bytes and no more are ready (a
 * line pushed by a switch from raw mode has no end).  Raw: VMIN bytes
 * are in (VMIN 0: at once, even with none).
 */
static bool read_done(struct tty *tty, size_t done, bool line_end)
{
	if (tty->termios.c_lflag & ICANON)
		return line_end || (done && tty->tail == tty->canon_head);
	return done >= tty->termios.c_cc[VMIN];
}

static ssize_t tty_do_read(char __user *ubuf, size_t len, bool nonblock)
{
	struct tty *tty = &console_tty;
	char kbuf[TTY_CHUNK];
	size_t done = 0, n, left;
	bool line_end, complete;
	unsigned long flags;
	ssize_t ret;

	if (!len)
		return 0;
	ret = start_reading(tty, nonblock);
	if (ret)
		return ret;
	for (;;) {
		flags = spin_lock_irqsave(&tty->lock);
		n = take_input(tty, kbuf, min(len - done, sizeof(kbuf)), &line_end);
		complete = done + n == len || read_done(tty, done + n, line_end);
		spin_unlock_irqrestore(&tty->lock, flags);
		if (n) {
			serial_rx_unthrottle();
			left = copy_to_user(ubuf + done, kbuf, n);
			done += n - left;
			if (left) {	/* as Linux: what was taken is gone */
				ret = done ? (ssize_t)done : -EFAULT;
				break;
			}
			if (n == sizeof(kbuf) && !line_end && done < len)
				continue;	/* more may be ready at once */
		}
		if (complete) {
			ret = (ssize_t)done;
			break;
		}
		if (nonblock) {
			ret = done ? (ssize_t)done : -EAGAIN;
			break;
		}
		if (wait_event_interruptible(tty->read_wait, input_ready(tty))) {
			ret = done ? (ssize_t)done : -EINTR;
			break;
		}
	}
	stop_reading(tty);
	return ret;
}

static ssize_t tty_read(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)f, (void)pos;
	return tty_do_read(buf, len, false);
}

static ssize_t tty_read_nonblock(struct file *f, void *buf, size_t len, long long *pos)
{
	(void)f, (void)pos;
	return tty_do_read(buf, len, true);
}

/* Output never waits (it is polled), so this is also the non-blocking write. */
static ssize_t tty_write(struct file *f, const void *buf, size_t len, long long *pos)
{
	struct tty *tty = &console_tty;
	char kbuf[TTY_CHUNK];
	size_t done = 0, n, got;
	unsigned long flags;

	(void)f, (void)pos;
	while (done < len) {
		n = min(len - done, sizeof(kbuf));
		got = n - copy_from_user(kbuf, (const char __user *)buf + done, n);
		flags = spin_lock_irqsave(&tty->lock);
		output(tty, kbuf, got);
		spin_unlock_irqrestore(&tty->lock, flags);
		done += got;
		if (got < n)
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

/*
 * poll: readable when a read would not wait for input (a whole line, or
 * raw, VMIN bytes: Linux's input_available_p for a poll); always writable,
 * since output never queues.
 */
static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = &console_tty;
	unsigned int mask = POLLOUT | POLLWRNORM;
	unsigned long flags;
	bool ready;

	poll_wait(f, &tty->read_wait, pt);
	flags = spin_lock_irqsave(&tty->lock);
	if (tty->termios.c_lflag & ICANON)
		ready = tty->canon_head != tty->tail;
	else
		ready = tty_queued(tty) >= (tty->termios.c_cc[VMIN] ? tty->termios.c_cc[VMIN] : 1u);
	spin_unlock_irqrestore(&tty->lock, flags);
	return ready ? mask | POLLIN | POLLRDNORM : mask;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.read_nonblock = tty_read_nonblock,
	.write = tty_write,
	.write_nonblock = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.name = "tty",
};

void tty_set_capture(struct tty_capture *c)
{
	struct tty *tty = &console_tty;
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->capture = c;
	spin_unlock_irqrestore(&tty->lock, flags);
}

void tty_init(void)
{
	serial_rx_enable();
}
