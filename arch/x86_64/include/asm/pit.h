#ifndef PIT_H
#define PIT_H
#include <stdint.h>
/*
 * Busy-waits ms milliseconds (at most 50) on PIT channel 2.  Used only to
 * calibrate the other clocks at boot; needs no interrupts.
 */
void pit_wait_ms(unsigned int ms);
#endif
