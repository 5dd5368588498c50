#ifndef GDT_H
#define GDT_H
/* IST slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
void gdt_init_cpu(void);
#endif
