package io.jvirt.driver.bhyve;

/**
 * PLACEHOLDER (process-half branch bhyvedrv): the converter branch (bhyveconv) owns this file; at
 * merge its version replaces this one. Only the entry point's shape is here.
 */
enum BhyveCapability { RTC_UTC, AHCI32SLOT, NET_E1000, LPC_BOOTROM, FBUF, XHCI, CPUTOPOLOGY, SOUND_HDA, VNC_PASSWORD, VIRTIO_9P }
