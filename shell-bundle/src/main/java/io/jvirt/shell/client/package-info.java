/**
 * The distribution's command-line programs that talk to the console from outside the container:
 * {@code bin/virt} ({@link io.jvirt.shell.client.VirtClient}, one {@code virt:} command over the
 * local ssh console) and {@code bin/jvirt-user} ({@link io.jvirt.shell.client.ConsoleUsers}, the
 * console's users with bcrypt-hashed passwords). Plain Java programs, started by those scripts with
 * the distribution's own jars on the class path; never loaded inside OSGi, hence private and their
 * SSH and bcrypt packages not imported.
 */
package io.jvirt.shell.client;
