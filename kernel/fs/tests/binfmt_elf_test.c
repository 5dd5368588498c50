/*
 * Self-tests of binfmt_elf.c (suite binfmt_elf): programs built in memory
 * (elf_builder.h) check from ring 3 what the loader made of them:
 * segments at unaligned offsets and addresses with the page's head from
 * the file, a .bss zeroed through the rest of its file page and beyond,
 * PT_TLS harmless, the break after the highest segment, W^X (a write to
 * text and a call into data or the stack fault with SIGSEGV; an
 * executable segment, or a stack made executable by PT_GNU_STACK, runs),
 * ET_DYN at its base.  Then every malformed file the loader must refuse,
 * each with Linux's errno, and PT_INTERP.
 */
#include "ktest.h"
#include "smp.h"
#include "errno.h"
#include "elf_builder.h"
#include <asm/unistd.h>

#define PATH		"/elf_test"

static int run_image(struct elf_image *im)
{
	int err = elfb_write(im, PATH, 0755), status;

	elfb_free(im);
	if (err)
		return err;
	status = run_program(PATH, NULL, NULL);
	ramfs_unlink(PATH);
	return status;
}

static bool ops_image(struct elf_image *im, uint16_t type)
{
	return elfb_std(im, type, snippet_ops, snippet_ops_end);
}

/* Checks the data segment's bytes and .bss, and the break, at im's addresses. */
static void add_memory_checks(struct elf_image *im)
{
	unsigned long data = elfb_addr(im, ELFB_DATA), page = data & ~(PAGE_SIZE - 1);
	unsigned long heap = ALIGN_UP(data + ELFB_DATA_MEMSZ, PAGE_SIZE);

	/* The bytes before p_vaddr in its page are the file's (offset 0x1000 on). */
	memset(im->file + 0x1000, 0x5a, ELFB_DATA_OFF - 0x1000);
	elfb_op(im, OP_CHECK, page, ELFB_DATA_OFF - 0x1000, 0x5a);
	elfb_op(im, OP_CHECK, data, ELFB_DATA_FILESZ, 0xab);
	/* The .bss: the rest of the file page (0xee in the file) and the next page. */
	elfb_op(im, OP_CHECK, data + ELFB_DATA_FILESZ, ELFB_DATA_MEMSZ - ELFB_DATA_FILESZ, 0);
	elfb_op(im, OP_CHECK, data + ELFB_DATA_MEMSZ, heap - data - ELFB_DATA_MEMSZ, 0);
	/* The break starts on the page after the highest segment and grows. */
	elfb_op(im, OP_SYSCALL, 0, 0, __NR_brk);
	elfb_op(im, OP_RESULT, 0, 0, heap);
	elfb_op(im, OP_SYSCALL, heap + 0x1800, 0, __NR_brk);
	elfb_op(im, OP_RESULT, 0, 0, heap + 0x1800);
	elfb_op(im, OP_WRITE, heap + 0x17ff, 0, 0);
	elfb_op(im, OP_CHECK, heap, 0x1800, 0);
}

KTEST(binfmt_elf, unaligned_segments_bss_zeroed_and_break)
{
	struct elf_image im;

	ASSERT_TRUE(ops_image(&im, ET_EXEC));
	add_memory_checks(&im);
	EXPECT_EQ(run_image(&im), EXITED(0));
}

KTEST(binfmt_elf, et_dyn_loaded_at_its_base)
{
	struct elf_image im;

	ASSERT_TRUE(ops_image(&im, ET_DYN));
	add_memory_checks(&im);
	/* The file's first page is at the base: the ELF magic's first byte. */
	elfb_op(&im, OP_CHECK, ELF_ET_DYN_BASE, 1, 0x7f);
	EXPECT_EQ(run_image(&im), EXITED(0));
}

KTEST(binfmt_elf, text_is_not_writable)
{
	struct elf_image im;

	ASSERT_TRUE(ops_image(&im, ET_EXEC));
	elfb_op(&im, OP_WRITE, ELFB_TEXT + 0x100, 0, 0x90);
	EXPECT_EQ(run_image(&im), KILLED(SIGSEGV));
}

KTEST(binfmt_elf, data_is_not_executable)
{
	struct elf_image im;

	ASSERT_TRUE(ops_image(&im, ET_EXEC));
	elfb_op(&im, OP_WRITE, ELFB_DATA, 0, 0xc3);	/* writable: a ret */
	elfb_op(&im, OP_CALL, ELFB_DATA, 0, 0);
	EXPECT_EQ(run_image(&im), KILLED(SIGSEGV));
}

KTEST(binfmt_elf, executable_segment_runs)
{
	struct elf_image im;
	unsigned char ret = 0xc3;

	ASSERT_TRUE(ops_image(&im, ET_EXEC));
	elfb_phdr(&im, PT_LOAD, PF_R | PF_X, 0x3000, 0x800000, 1, 1);
	elfb_put(&im, 0x3000, &ret, 1);
	elfb_op(&im, OP_CALL, 0x800000, 0, 0);
	elfb_op(&im, OP_WRITE, 0x800000, 0, 0x90);	/* and not writable */
	EXPECT_EQ(run_image(&im), KILLED(SIGSEGV));
}

/* Writes a ret on the stack, below where RSP starts, and calls it. */
static int run_stack_call(uint32_t gnu_stack_flags)
{
	struct elf_image im;
	unsigned long code = STACK_TOP - 0x2000;

	if (!ops_image(&im, ET_EXEC))
		return -ENOMEM;
	im.ph[3].p_flags = gnu_stack_flags;	/* elfb_std's PT_GNU_STACK */
	elfb_op(&im, OP_WRITE, code, 0, 0xc3);
	elfb_op(&im, OP_CALL, code, 0, 0);
	return run_image(&im);
}

KTEST(binfmt_elf, stack_executable_only_with_gnu_stack_x)
{
	EXPECT_EQ(run_stack_call(PF_R | PF_W), KILLED(SIGSEGV));
	EXPECT_EQ(run_stack_call(PF_R | PF_W | PF_X), EXITED(0));
}

enum bad_kind {
	BAD_MAGIC,
	BAD_CLASS,
	BAD_ENDIAN,
	BAD_TYPE,
	BAD_MACHINE,
	BAD_PHENTSIZE,
	BAD_PHNUM_0,
	BAD_PHNUM_BIG,
	BAD_PHOFF,
	BAD_NO_LOAD,
	BAD_FILESZ,
	BAD_ALIGN,
	BAD_OVER_STACK,
	BAD_PAST_EOF,
	BAD_LOW,
	BAD_ENTRY,
	BAD_INTERP_MISSING,
	BAD_INTERP_EXISTS,
	BAD_INTERP_NO_NUL,
	NR_BAD
};

/* Spoils im in one way; returns the errno execve must give. */
static int spoil(struct elf_image *im, enum bad_kind k)
{
	switch (k) {
	case BAD_MAGIC:
		im->eh.e_ident[1] = 'X';
		return ENOEXEC;
	case BAD_CLASS:
		im->eh.e_ident[EI_CLASS] = 1;
		return ENOEXEC;
	case BAD_ENDIAN:
		im->eh.e_ident[EI_DATA] = 2;
		return ENOEXEC;
	case BAD_TYPE:
		im->eh.e_type = ET_REL;
		return ENOEXEC;
	case BAD_MACHINE:
		im->eh.e_machine = 3; /* EM_386 */
		return ENOEXEC;
	case BAD_PHENTSIZE:
		im->eh.e_phentsize = 32;
		return ENOEXEC;
	case BAD_PHNUM_0:
		im->eh.e_phnum = 0;
		return ENOEXEC;
	case BAD_PHNUM_BIG:
		im->eh.e_phnum = 4096 / sizeof(Elf64_Phdr) + 1;
		return ENOEXEC;
	case BAD_PHOFF:
		im->eh.e_phoff = ELFB_FILE_MAX;
		return ENOEXEC;
	case BAD_NO_LOAD:
		im->ph[0].p_type = im->ph[1].p_type = PT_NOTE;
		return ENOEXEC;
	case BAD_FILESZ:
		im->ph[1].p_filesz = im->ph[1].p_memsz + 1;
		return EINVAL;
	case BAD_ALIGN:
		im->ph[1].p_offset += 8;
		return EINVAL;
	case BAD_OVER_STACK:
		im->ph[1].p_vaddr = STACK_TOP - 0x1000 + ELFB_DATA_OFF;
		return EINVAL;
	case BAD_PAST_EOF:
		im->ph[1].p_filesz = im->ph[1].p_memsz = 0x100000;
		return ENOEXEC;
	case BAD_LOW:
		im->ph[1].p_vaddr = 0x1000 + ELFB_DATA_OFF - 0x1000;
		return EPERM;
	case BAD_ENTRY:
		im->eh.e_entry = TASK_SIZE;
		return EINVAL;
	case BAD_INTERP_MISSING:
	case BAD_INTERP_EXISTS:
	case BAD_INTERP_NO_NUL: {
		const char *interp = k == BAD_INTERP_EXISTS ? "/dev/null" : "/lib/ld-missing.so";
		size_t len = strlen(interp) + (k != BAD_INTERP_NO_NUL);

		elfb_phdr(im, PT_INTERP, PF_R, 0x2000, 0, len, len);
		elfb_put(im, 0x2000, interp, len);
		return k == BAD_INTERP_MISSING ? ENOENT : ENOEXEC;
	}
	default:
		return 0;
	}
}

KTEST(binfmt_elf, refuses_what_it_cannot_load_with_linux_errnos)
{
	for (int k = 0; k < NR_BAD; k++) {
		struct elf_image im;
		int want;

		ASSERT_TRUE(ops_image(&im, ET_EXEC));
		want = spoil(&im, (enum bad_kind)k);
		EXPECT_EQ(run_image(&im), -want);
	}
}

KTEST(binfmt_elf, short_file_is_not_a_program)
{
	struct file *f;
	long long pos = 0;

	ASSERT_EQ(ramfs_open(PATH, O_WRONLY | O_CREAT, 0755, &f), 0);
	EXPECT_EQ(vfs_write(f, "\177ELF\2\1\1", 7, &pos), 7);
	fput(f);
	EXPECT_EQ(run_program(PATH, NULL, NULL), -ENOEXEC);
	ramfs_unlink(PATH);
}
