/*
 * The console terminal, /dev/console (kernel/fs/tty.c): the serial line
 * (COM1) seen through Linux's line discipline, so that a shell can read
 * lines from it and a line editor can switch it to raw mode.  See
 * docs/tty.md for how a keystroke travels from the UART to read().
 *
 * There is one tty, the console.  Input arrives through tty_receive
 * (from the UART's interrupt, or from a test); output goes to the
 * console through console_emit (include/printk.h), so it never lands
 * inside a line of printk.
 */
#ifndef TTY_H
#define TTY_H

#include "file.h"

/* The operations of /dev/console's files (devices.c makes the node). */
extern const struct file_operations tty_fops;

/*
 * Turns on the console's input: routes the UART's interrupt and enables
 * its receive interrupt.  Called once by kmain, after the IO-APIC is set
 * up; before it, typed bytes wait in the UART (and in QEMU).  May be
 * called again: it then does nothing.  Does not sleep.
 */
void tty_init(void);

/*
 * Feeds n received bytes to the console's line discipline, as if typed:
 * input mapping (ICRNL, INLCR, IGNCR), signal characters (ISIG), line
 * editing and echo (canonical mode), then wakes readers.  Bytes that do
 * not fit the 4 KB input buffer are dropped (the UART driver asks
 * tty_receive_room first and leaves the rest in the UART).  Any
 * context, interrupt handlers included; never sleeps.
 */
void tty_receive(const char *buf, size_t n);

/*
 * How many bytes tty_receive would take now: the UART driver reads no
 * more than this from the UART, so input waits there (and in QEMU,
 * which then stops reading its stdin) instead of being lost.  At least 1
 * while a canonical line has no end yet, so erase, kill and newline keep
 * working on a full buffer, as in Linux.  Any context.
 */
size_t tty_receive_room(void);

/*
 * The terminal ioctls on a file of tty_fops, with Linux 6.1's results:
 * TCGETS, TCSETS, TCSETSW, TCSETSF, TCFLSH, TCXONC, TCSBRK,
 * TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, TIOCNOTTY,
 * FIONREAD, TIOCOUTQ, TIOCSTI; -ENOTTY for any other command.  arg is a
 * user pointer where the command takes one (-EFAULT if it is bad).
 * May sleep (TCSETSW waits for nothing today: output is synchronous).
 */
long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg);

/*
 * For tests: while a capture is set, everything the tty would print
 * (echo and writes, after output processing) is appended to it instead
 * of going to the console; bytes beyond its size are counted in len but
 * not stored.  NULL ends the capture.  Any context.
 */
#define TTY_CAPTURE_SIZE 512
struct tty_capture {
	size_t len;
	char buf[TTY_CAPTURE_SIZE];
};
void tty_set_capture(struct tty_capture *c);

#endif
