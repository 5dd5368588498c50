/*
 * Self-tests of the console tty, one thread at a time (the concurrency
 * is in tty_smp_test.c).  Input is injected with tty_receive, as the
 * UART's interrupt delivers it; reads and writes go through vfs_read and
 * vfs_write on /dev/console (KERNEL_DS, and a USER_DS limit for the
 * faults), writes also from a ring-3 program; what the tty prints (echo,
 * writes) is captured with tty_set_capture instead of reaching the
 * console.  The UART's own interrupt cannot be typed into in test mode:
 * the last test checks it is routed and enabled (docs/tty.md has the
 * manual check with piped input).
 */
#include "tty_helpers.h"
#include "sched.h"
#include "smp.h"
#include "task.h"
#include "uaccess.h"
#include "errno.h"
#include "uapi/poll.h"
#include <asm/serial.h>
#include "../../../arch/x86_64/tests/user_snippets.h"

DECLARE_SNIPPET(write);

KTEST(tty, console_node_defaults_and_termios_round_trip)
{
	struct termios def = std_termios(), t, back;
	struct winsize ws;
	struct file *f;

	ASSERT_EQ(sizeof(struct termios), 36);	/* Linux x86_64's kernel termios */
	ASSERT_EQ(ramfs_open("/dev/console", O_RDWR, 0, &f), 0);
	EXPECT_TRUE(f->f_op == &tty_fops);
	fput(f);
	f = begin();
	ASSERT_NOT_NULL(f);
	EXPECT_EQ(tty_ioctl(f, TCGETS, (unsigned long)&t), 0);
	EXPECT_EQ(memcmp(&t, &def, sizeof(t)), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCGWINSZ, (unsigned long)&ws), 0);
	EXPECT_EQ(ws.ws_row, 24);
	EXPECT_EQ(ws.ws_col, 80);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 3;
	t.c_cc[VTIME] = 7;
	EXPECT_EQ(set(f, TCSETSW, &t), 0);
	EXPECT_EQ(tty_ioctl(f, TCGETS, (unsigned long)&back), 0);
	EXPECT_EQ(memcmp(&t, &back, sizeof(t)), 0);
	end(f);
}

KTEST(tty, canonical_read_returns_one_line)
{
	struct file *f = begin();
	int n = 0;

	ASSERT_NOT_NULL(f);
	type("hello\nworld\npart");
	EXPECT_EQ(tty_ioctl(f, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 12);			/* the unfinished line is not readable */
	EXPECT_TRUE(read_is(f, 100, "hello\n"));
	EXPECT_TRUE(read_is(f, 3, "wor"));	/* the rest of the line stays */
	EXPECT_TRUE(read_is(f, 100, "ld\n"));
	EXPECT_EQ(vfs_read_nonblock(f, &n, 4, NULL), -EAGAIN);
	type("ial\n");
	EXPECT_TRUE(read_is(f, 100, "partial\n"));
	EXPECT_EQ(vfs_read(f, &n, 0, NULL), 0);
	end(f);
}

KTEST(tty, erase_and_kill_edit_the_line)
{
	struct file *f = begin();

	ASSERT_NOT_NULL(f);
	type("abx\177c\n");			/* DEL */
	EXPECT_TRUE(read_is(f, 100, "abc\n"));
	type("ab\bc\n");			/* ^H erases too */
	EXPECT_TRUE(read_is(f, 100, "ac\n"));
	type("junk\x15ok\n");			/* ^U kills the line */
	EXPECT_TRUE(read_is(f, 100, "ok\n"));
	type("\x7f\x7fz\n");			/* nothing to erase: no effect */
	EXPECT_TRUE(read_is(f, 100, "z\n"));
	type("done\n\x7f\x15");			/* a finished line cannot be edited */
	EXPECT_TRUE(read_is(f, 100, "done\n"));
	end(f);
}

KTEST(tty, eof_ends_a_read_and_reads_as_zero_on_an_empty_line)
{
	struct file *f = begin();
	char buf[16];
	int n = -1;

	ASSERT_NOT_NULL(f);
	type("abc\x04");
	EXPECT_EQ(tty_ioctl(f, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 3);			/* the marker is not data */
	EXPECT_TRUE(read_is(f, 100, "abc"));
	type("\x04");
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), 0);
	type("xy\x04");
	EXPECT_TRUE(read_is(f, 2, "xy"));
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), 0);	/* the marker's own read */
	EXPECT_TRUE(captured("abcxy"));		/* ^D itself is never echoed */
	end(f);
}

KTEST(tty, input_mapping_of_cr_and_nl)
{
	struct file *f = begin();

	ASSERT_NOT_NULL(f);
	type("hi\r");				/* ICRNL */
	EXPECT_TRUE(read_is(f, 100, "hi\n"));
	modes(f, 0, ICANON, 1);
	type("a\rb\n");				/* no mapping: \r is data */
	EXPECT_TRUE(read_is(f, 100, "a\rb\n"));
	modes(f, IGNCR | ICRNL, ICANON, 1);
	type("c\rd\n");
	EXPECT_TRUE(read_is(f, 100, "cd\n"));
	modes(f, INLCR, 0, 1);			/* raw: \n becomes \r */
	type("\n");
	EXPECT_TRUE(read_is(f, 100, "\r"));
	end(f);
}

KTEST(tty, echo_of_typing_and_editing)
{
	struct file *f = begin();

	ASSERT_NOT_NULL(f);
	type("ab\x7f\x01\n");
	EXPECT_TRUE(captured("ab\b \b^A\r\n"));
	EXPECT_TRUE(read_is(f, 100, "a\x01\n"));
	cap.len = 0;
	type("xy\x01\x15");			/* ECHOKE: the line is rubbed out, ^A as 2 columns */
	EXPECT_TRUE(captured("xy^A\b \b\b \b\b \b\b \b"));
	cap.len = 0;
	modes(f, ICRNL, ICANON | ECHO | ECHOK, 1);	/* no ECHOE: kill echoes ^U, then \n */
	type("q\x15\x7f");
	EXPECT_TRUE(captured("q\x15\r\n"));
	cap.len = 0;
	modes(f, ICRNL, ICANON | ECHONL, 1);	/* no echo but the newline */
	type("secret\r");
	EXPECT_TRUE(captured("\r\n"));
	EXPECT_TRUE(read_is(f, 100, "secret\n"));
	cap.len = 0;
	modes(f, ICRNL, ICANON, 1);
	type("quiet\n");
	EXPECT_TRUE(captured(""));
	EXPECT_TRUE(read_is(f, 100, "quiet\n"));
	end(f);
}

KTEST(tty, output_processing_onlcr)
{
	struct file *f = begin();
	struct termios t = std_termios();

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(vfs_write(f, "a\nb\n", 4, NULL), 4);
	EXPECT_TRUE(captured("a\r\nb\r\n"));
	cap.len = 0;
	t.c_oflag = ONLCR;			/* without OPOST nothing is processed */
	set(f, TCSETS, &t);
	EXPECT_EQ(vfs_write_nonblock(f, "c\n", 2, NULL), 2);
	EXPECT_TRUE(captured("c\n"));
	EXPECT_EQ(vfs_write(f, (const void *)BAD_PTR, 1, NULL), -EFAULT);
	end(f);
}

KTEST(tty, signal_characters_flush_the_line)
{
	struct file *f = begin();

	ASSERT_NOT_NULL(f);
	type("lost\x03");			/* ^C: the line goes, "^C" is echoed */
	EXPECT_TRUE(captured("lost^C"));
	type("kept\n");
	EXPECT_TRUE(read_is(f, 100, "kept\n"));
	type("x\034y\032z\n");		/* ^\ flushes too; ^Z is swallowed */
	EXPECT_TRUE(read_is(f, 100, "yz\n"));
	modes(f, ICRNL, ICANON, 1);		/* without ISIG they are data */
	type("\x03\x1c\n");
	EXPECT_TRUE(read_is(f, 100, "\x03\x1c\n"));
	end(f);
}

KTEST(tty, raw_mode_vmin)
{
	struct file *f = begin();
	char buf[8];

	ASSERT_NOT_NULL(f);
	type("par");
	modes(f, 0, 0, 1);			/* the typed part becomes readable */
	EXPECT_TRUE(read_is(f, 100, "par"));
	type("\x7f\x03\x04");			/* no editing, no signals, no EOF */
	EXPECT_TRUE(read_is(f, 100, "\x7f\x03\x04"));
	EXPECT_EQ(vfs_read_nonblock(f, buf, 1, NULL), -EAGAIN);
	modes(f, 0, 0, 0);			/* VMIN 0: at once, even with nothing */
	EXPECT_EQ(vfs_read(f, buf, sizeof(buf), NULL), 0);
	type("q");
	EXPECT_TRUE(read_is(f, 100, "q"));
	modes(f, 0, 0, 3);
	type("12");
	EXPECT_EQ(vfs_read_nonblock(f, buf, sizeof(buf), NULL), 2);	/* what there is */
	type("3");
	modes(f, 0, ICANON, 1);			/* back to canonical: "3" is pushed as a line */
	EXPECT_TRUE(read_is(f, 100, "3"));
	end(f);
}

/* poll: readable once a read would not wait (a line; raw, VMIN bytes); always writable. */
KTEST(tty, poll_says_when_a_read_would_not_wait)
{
	const unsigned int out = POLLOUT | POLLWRNORM, in = POLLIN | POLLRDNORM;
	struct file *f = begin();

	ASSERT_NOT_NULL(f);
	ASSERT_NOT_NULL(f->f_op->poll);
	EXPECT_EQ(f->f_op->poll(f, NULL), out);
	type("no line yet");
	EXPECT_EQ(f->f_op->poll(f, NULL), out);
	type("\n");
	EXPECT_EQ(f->f_op->poll(f, NULL), out | in);
	EXPECT_TRUE(read_is(f, 100, "no line yet\n"));
	EXPECT_EQ(f->f_op->poll(f, NULL), out);
	modes(f, 0, 0, 3);			/* raw, VMIN 3 */
	type("ab");
	EXPECT_EQ(f->f_op->poll(f, NULL), out);
	type("c");
	EXPECT_EQ(f->f_op->poll(f, NULL), out | in);
	EXPECT_TRUE(read_is(f, 100, "abc"));
	modes(f, 0, 0, 0);			/* VMIN 0 counts as 1, as Linux's poll */
	EXPECT_EQ(f->f_op->poll(f, NULL), out);
	type("z");
	EXPECT_EQ(f->f_op->poll(f, NULL), out | in);
	EXPECT_TRUE(read_is(f, 100, "z"));
	end(f);
}

KTEST(tty, full_input_buffer)
{
	struct file *f = begin();
	static char big[4200];
	int n = 0;

	ASSERT_NOT_NULL(f);
	memset(big, 'a', sizeof(big));
	modes(f, 0, 0, 1);
	tty_receive(big, sizeof(big));
	EXPECT_EQ(tty_receive_room(), 0);
	EXPECT_EQ(tty_ioctl(f, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ(n, 4095);
	EXPECT_EQ(vfs_read(f, big, sizeof(big), NULL), 4095);
	EXPECT_EQ(tty_receive_room(), 4095);
	/* Canonical: a full line without an end still takes the newline. */
	modes(f, 0, ICANON, 1);
	memset(big, 'b', sizeof(big));
	tty_receive(big, sizeof(big));
	EXPECT_EQ(tty_receive_room(), 1);
	type("\x7f\n");
	EXPECT_EQ(vfs_read(f, big, sizeof(big), NULL), 4095);
	EXPECT_EQ(big[4093], 'b');
	EXPECT_EQ(big[4094], '\n');
	end(f);
}

KTEST(tty, ioctl_errors)
{
	struct file *f = begin();
	struct winsize ws = { .ws_row = 50, .ws_col = 132 }, got;
	int pgrp = 0;

	ASSERT_NOT_NULL(f);
	EXPECT_EQ(tty_ioctl(f, 0x5400, 0), -ENOTTY);
	EXPECT_EQ(tty_ioctl(f, 0x1234, 0), -ENOTTY);
	EXPECT_EQ(tty_ioctl(f, TCGETS, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TCSETS, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TCSETSF, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TIOCGWINSZ, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TIOCSWINSZ, BAD_PTR), -EFAULT);
	/* Nobody named a foreground group (no program has run yet): -ENOTTY, before the pointer. */
	EXPECT_EQ(tty_ioctl(f, TIOCGPGRP, BAD_PTR), -ENOTTY);
	EXPECT_EQ(tty_ioctl(f, TIOCSPGRP, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, FIONREAD, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TIOCSTI, BAD_PTR), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TCFLSH, 3), -EINVAL);
	EXPECT_EQ(tty_ioctl(f, TCXONC, 4), -EINVAL);
	EXPECT_EQ(tty_ioctl(f, TCXONC, TCOOFF), 0);
	EXPECT_EQ(tty_ioctl(f, TCXONC, TCOON), 0);
	EXPECT_EQ(tty_ioctl(f, TCSBRK, 1), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCSCTTY, 0), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCNOTTY, 0), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCOUTQ, (unsigned long)&pgrp), 0);
	EXPECT_EQ(pgrp, 0);
	/* Window size and foreground group round trip. */
	EXPECT_EQ(tty_ioctl(f, TIOCSWINSZ, (unsigned long)&ws), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCGWINSZ, (unsigned long)&got), 0);
	EXPECT_EQ(got.ws_row, 50);
	EXPECT_EQ(got.ws_col, 132);
	ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	EXPECT_EQ(tty_ioctl(f, TIOCSWINSZ, (unsigned long)&ws), 0);
	pgrp = -1;
	EXPECT_EQ(tty_ioctl(f, TIOCSPGRP, (unsigned long)&pgrp), -EINVAL);
	pgrp = 0;
	EXPECT_EQ(tty_ioctl(f, TIOCSPGRP, (unsigned long)&pgrp), -ESRCH);
	pgrp = 0x3fffffff;	/* no such group: pids never get there */
	EXPECT_EQ(tty_ioctl(f, TIOCSPGRP, (unsigned long)&pgrp), -ESRCH);
	pgrp = -1;
	EXPECT_EQ(tty_ioctl(f, TIOCGPGRP, (unsigned long)&pgrp), -ENOTTY);
	EXPECT_EQ(pgrp, -1);	/* untouched: none set, so not anyone's controlling terminal */
	/* Flushes, and TIOCSTI types a byte. */
	type("gone\nalso");
	EXPECT_EQ(tty_ioctl(f, TCFLSH, TCOFLUSH), 0);
	EXPECT_EQ(tty_ioctl(f, TCFLSH, TCIFLUSH), 0);
	EXPECT_EQ(tty_ioctl(f, TIOCSTI, (unsigned long)"\n"), 0);
	EXPECT_TRUE(read_is(f, 100, "\n"));
	end(f);
}

/* Under a user address limit a kernel pointer is -EFAULT, for reads too. */
KTEST(tty, ioctl_refuses_kernel_pointers_under_user_ds)
{
	struct file *f = begin();
	mm_segment_t old = get_fs();
	struct termios t;
	int v = 0;

	ASSERT_NOT_NULL(f);
	set_fs(USER_DS);
	EXPECT_EQ(tty_ioctl(f, TCGETS, (unsigned long)&t), -EFAULT);
	EXPECT_EQ(tty_ioctl(f, TIOCOUTQ, (unsigned long)&v), -EFAULT);
	EXPECT_EQ(vfs_write(f, "x", 1, NULL), -EFAULT);
	type("x\n");
	/* A kernel buffer fails vfs_read's access_ok, as in Linux: the tty is never asked. */
	EXPECT_EQ(vfs_read(f, &v, sizeof(v), NULL), -EFAULT);
	set_fs(old);
	EXPECT_EQ(vfs_read_nonblock(f, &v, sizeof(v), NULL), 2);	/* "x\n" is still there */
	type("y\n");
	/* A user address that faults in the copy: as in Linux, the read has still taken its line. */
	EXPECT_EQ(vfs_read(f, (void *)BAD_PTR, 8, NULL), -EFAULT);
	EXPECT_EQ(vfs_read_nonblock(f, &v, sizeof(v), NULL), -EAGAIN);
	end(f);
}

KTEST(tty, ring3_write_goes_through_output_processing)
{
	struct files_struct *files = files_alloc(16);
	struct file *f = begin();
	uint64_t *data = NULL;
	struct task *t;
	int fd;

	ASSERT_NOT_NULL(files);
	ASSERT_NOT_NULL(f);
	fd = fd_install(files, get_file(f));
	ASSERT_GE(fd, 0);
	t = snippet_create(SNIPPET(write), (smp_processor_id() + 1) % num_online_cpus(), "writer",
			   &data);
	ASSERT_NOT_NULL(t);
	data[0] = (uint64_t)fd;
	files_put(t->files);
	t->files = files;
	wake_up_process(t);
	/* The snippet also checks -EFAULT from a bad pointer and -EBADF. */
	EXPECT_EQ(snippet_wait(t), EXITED(18));
	EXPECT_TRUE(captured("hello from ring 3\r\n"));
	end(f);
}

KTEST(tty, uart_receive_interrupt_routed_and_enabled)
{
	tty_init();
	tty_init();				/* a second call changes nothing */
	EXPECT_TRUE(serial_rx_irq_ready());
}
