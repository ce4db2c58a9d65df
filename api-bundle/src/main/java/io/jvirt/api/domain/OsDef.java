package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code <os>} element: OS type, architecture and machine, firmware, direct kernel boot, boot order and container init.
 */
public final class OsDef {

    private String type = "hvm";
    private String arch;
    private String machine;
    private String firmware;
    private String loader;
    private Boolean loaderReadonly;
    private Boolean loaderSecure;
    private String loaderType;
    private String loaderFormat;
    private Boolean loaderStateless;
    private String nvram;
    private String nvramTemplate;
    private String nvramFormat;
    private String kernel;
    private String initrd;
    private String cmdline;
    private String dtb;
    private String root;
    // the lists and the map below are null while empty, behind modifiable views (LazyList,
    // LazyMap): an empty one per domain and field was memory each domain held for nothing (issue 27)
    private List<String> bootDevices;
    private Boolean bootMenu;
    private Integer bootMenuTimeout;
    private String smbiosMode;
    private String init;
    private List<String> initArgs;
    private Map<String, String> initEnv;
    private String initDir;
    private String initUser;
    private String initGroup;
    private List<XmlElement> kept;

    /** The OS type (hvm, linux, exe, xen is read as linux). */
    public String type() {
        return type;
    }

    public OsDef type(String type) {
        this.type = type;
        return this;
    }

    /** {@code type@arch}, or null. */
    public String arch() {
        return arch;
    }

    public OsDef arch(String arch) {
        this.arch = arch;
        return this;
    }

    /** {@code type@machine}, or null. */
    public String machine() {
        return machine;
    }

    public OsDef machine(String machine) {
        this.machine = machine;
        return this;
    }

    /** {@code os@firmware} (bios, efi), or null. */
    public String firmware() {
        return firmware;
    }

    public OsDef firmware(String firmware) {
        this.firmware = firmware;
        return this;
    }

    /** {@code <loader>} path, or null. */
    public String loader() {
        return loader;
    }

    public OsDef loader(String loader) {
        this.loader = loader;
        return this;
    }

    /** {@code loader@readonly}, or null. */
    public Boolean loaderReadonly() {
        return loaderReadonly;
    }

    public OsDef loaderReadonly(Boolean loaderReadonly) {
        this.loaderReadonly = loaderReadonly;
        return this;
    }

    /** {@code loader@secure}, or null. */
    public Boolean loaderSecure() {
        return loaderSecure;
    }

    public OsDef loaderSecure(Boolean loaderSecure) {
        this.loaderSecure = loaderSecure;
        return this;
    }

    /** {@code loader@type} (rom, pflash), or null. */
    public String loaderType() {
        return loaderType;
    }

    public OsDef loaderType(String loaderType) {
        this.loaderType = loaderType;
        return this;
    }

    /** {@code loader@format}, or null. */
    public String loaderFormat() {
        return loaderFormat;
    }

    public OsDef loaderFormat(String loaderFormat) {
        this.loaderFormat = loaderFormat;
        return this;
    }

    /** {@code loader@stateless}, or null. */
    public Boolean loaderStateless() {
        return loaderStateless;
    }

    public OsDef loaderStateless(Boolean loaderStateless) {
        this.loaderStateless = loaderStateless;
        return this;
    }

    /** {@code <nvram>} path, or null. */
    public String nvram() {
        return nvram;
    }

    public OsDef nvram(String nvram) {
        this.nvram = nvram;
        return this;
    }

    /** {@code nvram@template}, or null. */
    public String nvramTemplate() {
        return nvramTemplate;
    }

    public OsDef nvramTemplate(String nvramTemplate) {
        this.nvramTemplate = nvramTemplate;
        return this;
    }

    /** {@code nvram@format}, or null. */
    public String nvramFormat() {
        return nvramFormat;
    }

    public OsDef nvramFormat(String nvramFormat) {
        this.nvramFormat = nvramFormat;
        return this;
    }

    /** {@code <kernel>} path, or null. */
    public String kernel() {
        return kernel;
    }

    public OsDef kernel(String kernel) {
        this.kernel = kernel;
        return this;
    }

    /** {@code <initrd>} path, or null. */
    public String initrd() {
        return initrd;
    }

    public OsDef initrd(String initrd) {
        this.initrd = initrd;
        return this;
    }

    /** {@code <cmdline>}, or null. */
    public String cmdline() {
        return cmdline;
    }

    public OsDef cmdline(String cmdline) {
        this.cmdline = cmdline;
        return this;
    }

    /** {@code <dtb>} path, or null. */
    public String dtb() {
        return dtb;
    }

    public OsDef dtb(String dtb) {
        this.dtb = dtb;
        return this;
    }

    /** {@code <root>} device (Xen), or null. */
    public String root() {
        return root;
    }

    public OsDef root(String root) {
        this.root = root;
        return this;
    }

    /** {@code <boot dev>} entries in order (hd, cdrom, fd, network). */
    public List<String> bootDevices() {
        return bootDevices != null ? bootDevices : new LazyList<>(this::bootDevices);
    }

    private List<String> bootDevices(boolean make) {
        if (bootDevices == null && make) {
            bootDevices = new ArrayList<>(2);
        }
        return bootDevices;
    }

    /** {@code bootmenu@enable}, or null. */
    public Boolean bootMenu() {
        return bootMenu;
    }

    public OsDef bootMenu(Boolean bootMenu) {
        this.bootMenu = bootMenu;
        return this;
    }

    /** {@code bootmenu@timeout} in ms, or null. */
    public Integer bootMenuTimeout() {
        return bootMenuTimeout;
    }

    public OsDef bootMenuTimeout(Integer bootMenuTimeout) {
        this.bootMenuTimeout = bootMenuTimeout;
        return this;
    }

    /** {@code smbios@mode} (emulate, host, sysinfo), or null. */
    public String smbiosMode() {
        return smbiosMode;
    }

    public OsDef smbiosMode(String smbiosMode) {
        this.smbiosMode = smbiosMode;
        return this;
    }

    /** {@code <init>}: the container init binary, or null. */
    public String init() {
        return init;
    }

    public OsDef init(String init) {
        this.init = init;
        return this;
    }

    /** {@code <initarg>} values in order. */
    public List<String> initArgs() {
        return initArgs != null ? initArgs : new LazyList<>(this::initArgs);
    }

    private List<String> initArgs(boolean make) {
        if (initArgs == null && make) {
            initArgs = new ArrayList<>();
        }
        return initArgs;
    }

    /** {@code <initenv name>} values in order. */
    public Map<String, String> initEnv() {
        return initEnv != null ? initEnv : new LazyMap<>(this::initEnv);
    }

    private Map<String, String> initEnv(boolean make) {
        if (initEnv == null && make) {
            initEnv = new LinkedHashMap<>();
        }
        return initEnv;
    }

    /** {@code <initdir>}, or null. */
    public String initDir() {
        return initDir;
    }

    public OsDef initDir(String initDir) {
        this.initDir = initDir;
        return this;
    }

    /** {@code <inituser>}, or null. */
    public String initUser() {
        return initUser;
    }

    public OsDef initUser(String initUser) {
        this.initUser = initUser;
        return this;
    }

    /** {@code <initgroup>}, or null. */
    public String initGroup() {
        return initGroup;
    }

    public OsDef initGroup(String initGroup) {
        this.initGroup = initGroup;
        return this;
    }

    /** Known sub-elements kept as parsed (bios, acpi, firmware features, loader/nvram sources). */
    public List<XmlElement> kept() {
        return kept != null ? kept : new LazyList<>(this::kept);
    }

    private List<XmlElement> kept(boolean make) {
        if (kept == null && make) {
            kept = new ArrayList<>(1);
        }
        return kept;
    }

    /** A deep copy. */
    public OsDef copy() {
        OsDef c = new OsDef();
        c.type = type;
        c.arch = arch;
        c.machine = machine;
        c.firmware = firmware;
        c.loader = loader;
        c.loaderReadonly = loaderReadonly;
        c.loaderSecure = loaderSecure;
        c.loaderType = loaderType;
        c.loaderFormat = loaderFormat;
        c.loaderStateless = loaderStateless;
        c.nvram = nvram;
        c.nvramTemplate = nvramTemplate;
        c.nvramFormat = nvramFormat;
        c.kernel = kernel;
        c.initrd = initrd;
        c.cmdline = cmdline;
        c.dtb = dtb;
        c.root = root;
        c.bootDevices = bootDevices == null || bootDevices.isEmpty() ? null : new ArrayList<>(bootDevices);
        c.bootMenu = bootMenu;
        c.bootMenuTimeout = bootMenuTimeout;
        c.smbiosMode = smbiosMode;
        c.init = init;
        c.initArgs = initArgs == null || initArgs.isEmpty() ? null : new ArrayList<>(initArgs);
        c.initEnv = initEnv == null || initEnv.isEmpty() ? null : new LinkedHashMap<>(initEnv);
        c.initDir = initDir;
        c.initUser = initUser;
        c.initGroup = initGroup;
        if (kept != null && !kept.isEmpty()) {
            c.kept = new ArrayList<>(kept.size());
            kept.forEach(x -> c.kept.add(x.copy()));
        }
        return c;
    }
}
