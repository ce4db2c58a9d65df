/** Tab completion for the virt: commands. */
package io.jvirt.shell.command.completers;
