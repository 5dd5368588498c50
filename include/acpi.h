/*
 * What ringlet needs from ACPI: the local APICs (one per CPU) and the
 * IO-APIC, from the MADT.
 */
#ifndef ACPI_H
#define ACPI_H

#include <stdint.h>

struct acpi_cpus {
	int nr_cpus;
	uint32_t apic_ids[64];
	uint64_t ioapic_phys;	/* 0: none found */
};

/*
 * Reads the MADT through the RSDP that multiboot gave us.  Returns 0, or -1
 * (with a message) if there is no usable ACPI: the caller then boots with
 * the boot CPU alone.  Uses the boot-time direct map (tables below 4 GiB).
 */
int acpi_find_cpus(const void *rsdp, struct acpi_cpus *out);

#endif
