/*
 * The console tty's ioctls (Linux's drivers/tty/tty_ioctl.c and the
 * tty_ioctl/job-control parts of tty_io.c), over the line discipline in
 * tty.c: termios (TCGETS, TCSETS*), the window size, the foreground
 * process group, and the queue queries and flushes.  Every one takes the
 * tty's lock for what it reads or changes, as the receive path does, so
 * it may run while bytes arrive on another CPU.  Errnos are Linux 6.1's:
 * -ENOTTY for a request no tty knows, -EINVAL for a bad argument to one
 * it knows, -EFAULT for a bad user pointer.
 */
#include "internal.h"
#include "uapi/termios.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "uaccess.h"
#include "string.h"
#include "errno.h"
#include <asm/serial.h>

/*
 * TCSETS*: the new settings replace the old whole (Linux keeps what the
 * hardware cannot change; here nothing is hardware).  Switching ICANON
 * makes what is queued readable: the typed part of a line becomes a
 * line of its own, as n_tty_set_termios does.
 */
static long set_termios(struct tty *tty, const void __user *p, bool flush)
{
	struct termios t;
	unsigned long flags;

	if (copy_from_user(&t, p, sizeof(t)))
		return -EFAULT;
	flags = spin_lock_irqsave(&tty->lock);
	if (flush)
		tty_flush_input(tty);
	if ((t.c_lflag ^ tty->termios.c_lflag) & ICANON)
		tty->canon_head = tty->head;
	tty->termios = t;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up(&tty->read_wait);
	serial_rx_unthrottle();
	return 0;
}

/* Lock held.  FIONREAD: canonical, the bytes of complete lines (markers not counted). */
static unsigned int readable_bytes(const struct tty *tty)
{
	unsigned int n = 0;

	if (!(tty->termios.c_lflag & ICANON))
		return (unsigned int)tty_queued(tty);
	for (unsigned long i = tty->tail; i != tty->canon_head; i++)
		n += !(tty_test_eol(tty, i) && tty->buf[i & TTY_MASK] == 0);
	return n;
}

static long put_int(void __user *p, int v)
{
	return copy_to_user(p, &v, sizeof(v)) ? -EFAULT : 0;
}

long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *tty = &console_tty;
	void __user *p = (void __user *)arg;
	unsigned long flags;
	struct termios t;
	struct winsize ws;
	bool changed;
	int v, sid;

	(void)f;
	switch (cmd) {
	case TCGETS:
		flags = spin_lock_irqsave(&tty->lock);
		t = tty->termios;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(p, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:	/* waits for output to drain: it always has */
	case TCSETSF:
		return set_termios(tty, p, cmd == TCSETSF);
	case TIOCGWINSZ:
		flags = spin_lock_irqsave(&tty->lock);
		ws = tty->winsize;
		spin_unlock_irqrestore(&tty->lock, flags);
		return copy_to_user(p, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&ws, p, sizeof(ws)))
			return -EFAULT;
		flags = spin_lock_irqsave(&tty->lock);
		changed = memcmp(&tty->winsize, &ws, sizeof(ws)) != 0;
		tty->winsize = ws;
		v = tty->pgrp;
		spin_unlock_irqrestore(&tty->lock, flags);
		if (changed && v > 0)
			kill_pgrp(v, SIGWINCH);	/* as Linux's tty_do_resize */
		return 0;
	case TIOCGPGRP:
		/*
		 * Linux says -ENOTTY to a caller whose controlling terminal
		 * this is not; here that is "nobody named a foreground group
		 * yet" (as /dev/console at boot, never init's controlling
		 * tty), and ash then runs without job control as on Linux.
		 */
		v = READ_ONCE(tty->pgrp);
		return v ? put_int(p, v) : -ENOTTY;
	case TIOCSPGRP:
		if (copy_from_user(&v, p, sizeof(v)))
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		sid = session_of_pgrp(v);
		if (sid < 0)
			return -ESRCH;
		if (sid != current->sid)
			return -EPERM;	/* a group of another session */
		WRITE_ONCE(tty->pgrp, v);
		return 0;
	case TIOCSCTTY:	/* the console is everyone's controlling terminal */
	case TIOCNOTTY:
		return 0;
	case FIONREAD:
		flags = spin_lock_irqsave(&tty->lock);
		v = (int)readable_bytes(tty);
		spin_unlock_irqrestore(&tty->lock, flags);
		return put_int(p, v);
	case TIOCOUTQ:
		return put_int(p, 0);	/* output is synchronous: nothing waits */
	case TCFLSH:
		if (arg == TCIFLUSH || arg == TCIOFLUSH) {
			flags = spin_lock_irqsave(&tty->lock);
			tty_flush_input(tty);
			spin_unlock_irqrestore(&tty->lock, flags);
			serial_rx_unthrottle();
			return 0;
		}
		return arg == TCOFLUSH ? 0 : -EINVAL;
	case TCXONC:	/* accepted: output is never stopped */
		return arg <= TCION ? 0 : -EINVAL;
	case TCSBRK:	/* tcdrain, and a break the UART does not send */
		return 0;
	case TIOCSTI: {
		char c;

		if (copy_from_user(&c, p, 1))
			return -EFAULT;
		tty_receive(&c, 1);
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

