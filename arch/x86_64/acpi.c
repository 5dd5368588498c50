/*
 * Just enough ACPI to find the CPUs: RSDP -> RSDT (32-bit pointers) or XSDT
 * (64-bit, ACPI 2.0+) -> the table signed "APIC" (the MADT), whose entries
 * list each local APIC (type 0; bit 0 of flags: enabled) and IO-APIC
 * (type 1).  Every table's bytes must sum to zero; a table that does not is
 * ignored rather than trusted.
 */
#include "acpi.h"
#include "mm.h"
#include "string.h"
#include "printk.h"
#include "compiler.h"

struct rsdp {
	char sig[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;	/* revision >= 2 from here on */
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __packed;

struct sdt_header {
	char sig[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
} __packed;

struct madt {
	struct sdt_header h;
	uint32_t lapic_addr;
	uint32_t flags;
	uint8_t entries[];
} __packed;

static bool checksum_ok(const void *p, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

static const struct sdt_header *table_at(uint64_t phys)
{
	const struct sdt_header *h = __va(phys);

	if (phys == 0 || phys >= (4ULL << 30) || !checksum_ok(h, h->length))
		return NULL;
	return h;
}

static const struct madt *find_madt(const struct rsdp *r)
{
	bool x = r->revision >= 2 && r->xsdt;
	const struct sdt_header *root = table_at(x ? r->xsdt : r->rsdt);
	size_t n, width = x ? 8 : 4;

	if (!root)
		return NULL;
	n = (root->length - sizeof(*root)) / width;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *slot = (const uint8_t *)(root + 1) + i * width;
		uint64_t phys = x ? *(const uint64_t *)slot : *(const uint32_t *)slot;
		const struct sdt_header *h = table_at(phys);

		if (h && !memcmp(h->sig, "APIC", 4))
			return (const struct madt *)h;
	}
	return NULL;
}

int acpi_find_cpus(const void *rsdp, struct acpi_cpus *out)
{
	const struct rsdp *r = rsdp;
	const struct madt *m;
	const uint8_t *p, *end;

	out->nr_cpus = 0;
	out->ioapic_phys = 0;
	if (!r || memcmp(r->sig, "RSD PTR ", 8) || !checksum_ok(r, 20)) {
		pr_warn("acpi: no valid RSDP from the boot loader; booting the boot CPU only\n");
		return -1;
	}
	m = find_madt(r);
	if (!m) {
		pr_warn("acpi: no MADT; booting the boot CPU only\n");
		return -1;
	}
	p = m->entries;
	end = (const uint8_t *)m + m->h.length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == 0 && (*(const uint32_t *)(p + 4) & 1) &&
		    out->nr_cpus < (int)ARRAY_SIZE(out->apic_ids))
			out->apic_ids[out->nr_cpus++] = p[3];
		else if (p[0] == 1 && !out->ioapic_phys)
			out->ioapic_phys = *(const uint32_t *)(p + 4);
		p += p[1];
	}
	pr_info("acpi: MADT lists %d enabled CPUs, IO-APIC at %#llx\n", out->nr_cpus,
		(unsigned long long)out->ioapic_phys);
	return out->nr_cpus ? 0 : -1;
}
