/*
 * Reads the multiboot2 boot information GRUB leaves in memory: a list of
 * 8-byte aligned tags {type, size, payload}, ended by a tag of type 0.
 *
 * A module tag (type 3) says where GRUB loaded a file named by module2 in
 * grub.cfg: physical start and end (exclusive, 32-bit: GRUB loads modules
 * below 4 GiB) and the module's command line.  ringlet's one module is
 * the initramfs; a second is reported and ignored.
 */
#include <asm/multiboot2.h>
#include <asm/boot_defs.h>
#include "string.h"
#include "compiler.h"
#include "mm.h"
#include "printk.h"

#define MB_TAG_END		0
#define MB_TAG_CMDLINE		1
#define MB_TAG_MODULE		3
#define MB_TAG_MMAP		6
#define MB_TAG_ACPI_OLD		14
#define MB_TAG_ACPI_NEW		15

struct boot_info boot_info;
static uint8_t rsdp_copy[64];

struct mb_tag {
	uint32_t type;
	uint32_t size;
};

struct mb_tag_mmap {
	struct mb_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
	uint8_t entries[];
};

struct mb_tag_module {
	struct mb_tag tag;
	uint32_t mod_start;
	uint32_t mod_end;
	char cmdline[];
};

struct mb_raw_mmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
	uint32_t reserved;
};

static void parse_module(const struct mb_tag_module *m)
{
	if (boot_info.initrd_size) {
		pr_warn("multiboot: ignoring a second module at %#x\n", m->mod_start);
		return;
	}
	boot_info.initrd_phys = m->mod_start;
	boot_info.initrd_size = m->mod_end - m->mod_start;
}

static void parse_mmap(const struct mb_tag_mmap *m)
{
	const uint8_t *p = m->entries;
	const uint8_t *end = (const uint8_t *)m + m->tag.size;

	for (; p + m->entry_size <= end && boot_info.nr_mmap < MB_MAX_MMAP; p += m->entry_size) {
		const struct mb_raw_mmap_entry *e = (const void *)p;
		struct mb_mmap_entry *out = &boot_info.mmap[boot_info.nr_mmap++];

		out->base = e->base;
		out->len = e->len;
		out->type = e->type;
	}
}

int multiboot_parse(uint32_t magic, uint64_t info_phys)
{
	const uint8_t *info = __va(info_phys);
	uint32_t total = *(const uint32_t *)info;
	const uint8_t *p = info + 8;

	if (magic != MB2_BOOTLOADER_MAGIC)
		return -1;
	boot_info.info_phys = info_phys;
	boot_info.info_size = total;
	while (p + sizeof(struct mb_tag) <= info + total) {
		const struct mb_tag *tag = (const void *)p;
		const void *payload = tag + 1;
		size_t plen = tag->size - sizeof(*tag);

		if (tag->type == MB_TAG_END)
			break;
		switch (tag->type) {
		case MB_TAG_CMDLINE:
			strlcpy(boot_info.cmdline, payload, min(plen + 1, sizeof(boot_info.cmdline)));
			break;
		case MB_TAG_MODULE:
			parse_module((const void *)tag);
			break;
		case MB_TAG_MMAP:
			parse_mmap((const void *)tag);
			break;
		case MB_TAG_ACPI_OLD:
		case MB_TAG_ACPI_NEW:
			/* Prefer the ACPI 2.0+ RSDP (XSDT) when GRUB gives both. */
			if (boot_info.rsdp && tag->type == MB_TAG_ACPI_OLD)
				break;
			plen = min(plen, sizeof(rsdp_copy));
			memcpy(rsdp_copy, payload, plen);
			boot_info.rsdp = rsdp_copy;
			boot_info.rsdp_len = plen;
			break;
		}
		p += ALIGN_UP(tag->size, 8);
	}
	return 0;
}
