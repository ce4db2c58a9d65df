/** The {@code virt:} console commands: one small class per virsh command, delegating to io.jvirt.api. */
package io.jvirt.shell.command;
