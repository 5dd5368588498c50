/*
 * qemu_exit (see include/qemu.h).  Without the isa-debug-exit device (real
 * hardware, or QEMU started by hand without it) the write does nothing and
 * the CPU halts with interrupts off: the machine stops either way.
 */
#include <asm/qemu.h>
#include <asm/x86.h>

void qemu_exit(int code)
{
	outb(0xf4, (uint8_t)code);
	local_irq_disable();
	for (;;)
		halt();
}
