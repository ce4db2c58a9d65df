/**
 * libvirt's VirtualBox driver ({@code vbox:///session}, {@code vbox:///system}) through
 * VirtualBox's command-line front end {@code VBoxManage}, on the core's local driver kit.
 * Stateless: VirtualBox holds every definition; jvirt keeps nothing on disk for it. Private.
 */
package io.jvirt.driver.vbox;
