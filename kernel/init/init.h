/*
 * Starting the first program (init.c), for main.c.
 */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include <stdbool.h>
#include "cmdline.h"

/*
 * Runs o->init as the first process and waits until it ends; returns
 * true if it exited with status 0, or if there was no init to run (init=
 * empty, or the file does not exist: one log line says so).  Prints
 * "ringlet: init exited with status N" or "ringlet: init killed by signal
 * N" when it ends.  From the boot thread, once.  May sleep.
 */
bool run_init(const struct boot_options *o);

#endif
