/*
 * Interrupt vectors and handler registration.
 */
#ifndef TRAPS_H
#define TRAPS_H

#include <asm/ptrace.h>

#define X86_TRAP_DE	0
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_UD	6
#define X86_TRAP_DF	8
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14

/* Device and IPI vectors: Linux's numbers where Linux has one. */
#define FIRST_EXTERNAL_VECTOR	0x20
#define ISA_IRQ_VECTOR(irq)	(0x30 + (irq))	/* legacy IRQs routed through the IO-APIC */
#define LOCAL_TIMER_VECTOR	0xec
#define SPURIOUS_APIC_VECTOR	0xff

typedef void (*irq_handler_t)(struct pt_regs *regs);

/* Builds the IDT (once) and loads it on this CPU. */
void idt_init(void);
void idt_load(void);
/*
 * Routes vector (>= FIRST_EXTERNAL_VECTOR) to fn.  fn runs with interrupts
 * off on the interrupted stack; the local APIC is acknowledged after it.
 */
void set_irq_handler(int vector, irq_handler_t fn);

void do_interrupt(struct pt_regs *regs);

#endif
