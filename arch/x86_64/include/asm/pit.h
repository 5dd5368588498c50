#ifndef PIT_H
#define PIT_H
#include <stdint.h>
/*
 * Busy-waits ms milliseconds (at most 50) on PIT channel 2.  Used only to
 * calibrate the other clocks at boot; needs no interrupts.
 */
void pit_wait_ms(unsigned int ms);

/*
 * How far counter advances in ms milliseconds (at most 50) of the PIT:
 * the smallest of tries measurements (at least 1).  Anything that delays
 * this CPU inside a window (an interrupt, or the host not running this
 * virtual CPU, as under a loaded TCG host) can only lengthen that window,
 * never shorten it, so the smallest is the least disturbed.  counter must
 * count up, without wrapping during the calls.  Busy-waits; never sleeps.
 */
uint64_t pit_measure_min(uint64_t (*counter)(void), unsigned int ms, int tries);
#endif
