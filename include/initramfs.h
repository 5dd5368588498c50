/*
 * The initramfs: a cpio archive ("newc" format) that GRUB loads next to
 * the kernel and that kmain unpacks into the ramfs tree before anything
 * else runs, as Linux's populate_rootfs does.  The format is Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst; the code
 * and how it differs from Linux's are in kernel/fs/initramfs.c.
 */
#ifndef INITRAMFS_H
#define INITRAMFS_H

#include <stddef.h>

/*
 * Unpacks the archive (or several, one after another) in buf[0..len) into
 * the existing directory root ("/" at boot): directories and regular
 * files are made with their permissions, entries ringlet cannot represent
 * are logged and skipped.  Returns how many entries were skipped (>= 0),
 * -EINVAL if the archive is malformed (logged; what came before the bad
 * entry stays made) or -ENOMEM.  Never writes to buf.  May sleep.
 */
int initramfs_unpack(const void *buf, size_t len, const char *root);

/*
 * Unpacks the archive GRUB loaded (multiboot2 module) into root, logging
 * the outcome, and returns what initramfs_unpack does, or -ENOENT if GRUB
 * loaded none.  The module stays where it is and stays reserved.  May sleep.
 */
int initramfs_unpack_boot(const char *root);

#endif
