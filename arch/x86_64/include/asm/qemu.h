/*
 * Leaving QEMU with a status: through the isa-debug-exit device at port
 * 0xf4, writing V exits QEMU with status (V << 1) | 1.  ringlet writes 0x10
 * for success (status 33) and 0x11 for failure (status 35); any other
 * status (0 after a triple fault with -no-reboot, a timeout) means the
 * kernel never got to say.
 */
#ifndef QEMU_H
#define QEMU_H

#include "compiler.h"

#define QEMU_EXIT_PASS	0x10
#define QEMU_EXIT_FAIL	0x11

__noreturn void qemu_exit(int code);

#endif
