#ifndef GDT_H
#define GDT_H
/* IST slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
void gdt_init_cpu(void);
/*
 * Sets the stack this CPU's interrupts from ring 3 start on (TSS.RSP0).
 * Called at every context switch with interrupts off.
 */
void load_sp0(unsigned long sp0);
#endif
