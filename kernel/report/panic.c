/*
 * panic() and the WARN message helper.
 *
 * A panic is the end: it prints why, with a backtrace, stops the other CPUs
 * and leaves QEMU with the failure status (docs/boot.md lists the codes),
 * so a test run never hangs after a fatal error.  A panic inside a panic
 * (the backtrace faulting, say) skips straight to the exit.
 */
#include "panic.h"
#include "report.h"
#include "atomic.h"
#include "printk.h"
#include "printf.h"
#include <asm/qemu.h>
#include "smp.h"
#include <asm/x86.h>

bool panic_on_warn;
unsigned long warn_count;
static int panic_cpu = -1;

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int expect = -1;

	local_irq_disable();
	if (!try_cmpxchg(&panic_cpu, &expect, smp_processor_id())) {
		if (expect != smp_processor_id())
			for (;;)
				halt();	/* another CPU is panicking and will stop us */
		qemu_exit(QEMU_EXIT_FAIL);
	}
	smp_send_stop();
	console_force_unlock_on_oops();
	report_begin();	/* never ended: printed whole whatever the loglevel */
	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	print_cpu_line();
	show_trace((unsigned long)__builtin_frame_address(0));
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", msg);
	qemu_exit(QEMU_EXIT_FAIL);
}

void __warn_printk(const char *fmt, ...)
{
	va_list ap;

	report_begin();	/* released by the trap handler after the report */
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
