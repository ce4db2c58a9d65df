package io.jvirt.driver.bhyve;

import java.util.List;

/**
 * What one start of a domain runs, as libvirt's bhyve driver builds it (virBhyveProcessBuildLoadCmd,
 * virBhyveProcessBuildBhyveCmd, after bhyveDomainAssignAddresses): the converter's answer and the
 * process half's input, nothing else passes between them.
 *
 * @param loader    the loader's argv, element 0 the program as libvirt names it ({@code bhyveload},
 *                  {@code grub-bhyve} or the domain's {@code <bootloader>} path); empty for a domain
 *                  that boots UEFI firmware ({@code <loader>}): no loader step
 * @param bhyve     bhyve's argv, element 0 {@code bhyve}; the last element is the domain's name
 * @param deviceMap grub-bhyve's device map (its text, lines ending in '\n'), null unless the loader
 *                  is grub-bhyve; its path appears in {@code loader} as the argument after
 *                  {@code --device-map}
 */
record BhyveCommands(List<String> loader, List<String> bhyve, String deviceMap) {

    BhyveCommands {
        loader = List.copyOf(loader);
        bhyve = List.copyOf(bhyve);
    }
}
