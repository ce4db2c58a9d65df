package io.jvirt.core.kit.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.driver.esx.DatastorePaths;

/**
 * libvirt's VMX conversion rules (src/vmx/vmx.c, src/util/virconf.c), one at a time, on inputs
 * beyond libvirt's own test vectors: each test names the rule it holds the converter to.
 */
class VmxRulesTest {

    /** The ESX driver's file names for a .vmx in "[datastore] directory". */
    private static final DatastorePaths ESX = new DatastorePaths("datastore", "directory", null);

    private static final String HEAD = "config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"t\"\n";

    private static String vmx2xml(String body) {
        return VmxToDomain.toXml(VmxParser.parse(HEAD + body), ESX);
    }

    private static String vmx2xmlRaw(String vmx) {
        return VmxToDomain.toXml(VmxParser.parse(vmx), ESX);
    }

    private static String xml2vmx(String inner, int hw) {
        return DomainToVmx.toVmx("<domain type='vmware'><name>t</name><uuid>564d9bef-acd9-b4e0-c8f0-aea8b9103515</uuid>"
            + "<memory unit='KiB'>4096</memory><os><type>hvm</type></os>" + inner + "</domain>", ESX, hw);
    }

    private static String devices(String devices, int hw) {
        return xml2vmx("<devices>" + devices + "</devices>", hw);
    }

    private static void fails(ErrorCode code, String message, Executable e) {
        VirtException x = assertThrows(VirtException.class, e);
        assertEquals(message, x.getMessage());
        assertEquals(code, x.code());
    }

    // ---- vmx -> domain XML ----

    @Test
    void scsiPassthroughCdromIsAReadOnlyLun() {
        String xml = vmx2xml("scsi0.present = \"true\"\nscsi0:0.present = \"true\"\n"
            + "scsi0:0.deviceType = \"scsi-passthru\"\nscsi0:0.fileName = \"/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0\"\n");
        assertTrue(xml.contains("<disk type='block' device='lun'>\n      <source dev='/vmfs/devices/cdrom/mpx.vmhba1:C0:T0:L0'/>\n"
            + "      <target dev='sda' bus='scsi'/>\n      <readonly/>"), xml);
    }

    @Test
    void ethernetWithNeitherConnectionNorNetworkIsNull() {
        String xml = vmx2xml("ethernet0.present = \"true\"\nethernet0.addressType = \"vpx\"\n"
            + "ethernet0.generatedAddress = \"00:50:56:87:65:43\"\n");
        assertTrue(xml.contains("<interface type='null'>\n      <mac address='00:50:56:87:65:43' type='generated'/>"),
            xml);
    }

    @Test
    void bridgedEthernetNeedsItsNetworkName() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Missing essential config entry 'ethernet0.networkName'",
            () -> vmx2xml("ethernet0.present = \"true\"\nethernet0.connectionType = \"bridged\"\n"));
    }

    @Test
    void firstOfDuplicateEntriesWins() {
        String xml = vmx2xml("memsize = \"64\"\nMEMSIZE = \"128\"\n");
        assertTrue(xml.contains("<memory unit='KiB'>65536</memory>"), xml);
    }

    @Test
    void unquotedNumberIsASyntaxError() {
        // libvirt 9.0's virConfReadString says "memory conf:4: numbers not allowed in VMX format" (virconf.c's
        // virConfErrorHelper prefixes the name and line; checked in libvirt.so.0)
        fails(ErrorCode.CONF_SYNTAX, "configuration file syntax error: memory conf:4: numbers not allowed in VMX format",
            () -> vmx2xml("memsize = 64\n"));
    }

    @Test
    void anOddVcpuCountIsAccepted() {
        assertTrue(vmx2xml("numvcpus = \"3\"\n").contains("<vcpu placement='static'>3</vcpu>"));
    }

    @Test
    void coresPerSocketNeedNotDivideTheVcpus() {
        String xml = vmx2xml("numvcpus = \"6\"\ncpuid.coresPerSocket = \"4\"\n");
        assertTrue(xml.contains("<topology sockets='1' dies='1' clusters='1' cores='4' threads='1'/>"), xml);
    }

    @Test
    void generationIdFromEitherHalf() {
        assertTrue(vmx2xml("vm.genid = \"1\"\n").contains("<genid>00000000-0000-0001-0000-000000000000</genid>"));
    }

    @Test
    void networkSerialPortWithoutPortIsNull() {
        String xml = vmx2xml("serial0.present = \"true\"\nserial0.fileType = \"network\"\n"
            + "serial0.fileName = \"telnet://host\"\n");
        assertTrue(xml.contains("<serial type='null'>\n      <target port='0'/>"), xml);
    }

    @Test
    void invalidEscapeInTheDisplayNameIsRefused() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: VMX entry 'name' contains invalid escape sequence",
            () -> vmx2xmlRaw("config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"50%zz\"\n"));
    }

    @Test
    void displayNameUnescapesPercentThenPipe() {
        String xml = vmx2xmlRaw("config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"web%2fdb|7c1\"\n");
        assertTrue(xml.contains("<name>web/db|1</name>"), xml);
    }

    @Test
    void floppyWithoutFileTypeIsRefused() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Invalid or not yet handled value 'boot.flp' for VMX entry "
            + "'floppy0.fileName' for device type 'unknown'",
            () -> vmx2xml("floppy0.present = \"true\"\nfloppy0.fileName = \"boot.flp\"\n"));
    }

    @Test
    void scsiControllersUpToTheLastDisksOne() {
        String xml = vmx2xml("scsi1.present = \"true\"\nscsi1.virtualDev = \"lsilogic\"\nscsi1:0.present = \"true\"\n"
            + "scsi1:0.deviceType = \"scsi-hardDisk\"\nscsi1:0.fileName = \"a.vmdk\"\n");
        assertTrue(xml.contains("<controller type='scsi' index='0'/>\n    <controller type='scsi' index='1' "
            + "model='lsilogic'/>"), xml);
    }

    @Test
    void superWideScsiBusFromHardwareVersion13() {
        String xml = vmx2xmlRaw("config.version = \"8\"\nvirtualHW.version = \"13\"\ndisplayName = \"t\"\n"
            + "scsi0.present = \"true\"\nscsi0:20.present = \"true\"\nscsi0:20.deviceType = \"scsi-hardDisk\"\n"
            + "scsi0:20.fileName = \"a.vmdk\"\n");
        assertTrue(xml.contains("<target dev='sdt' bus='scsi'/>\n      <address type='drive' controller='0' bus='0' "
            + "target='0' unit='20'/>"), xml);
    }

    @Test
    void controllersInLibvirtsOrder() {
        String xml = vmx2xml("ide0:0.present = \"true\"\nide0:0.deviceType = \"ata-hardDisk\"\n"
            + "ide0:0.fileName = \"a.vmdk\"\nsata0.present = \"true\"\nsata0:0.present = \"true\"\n"
            + "sata0:0.fileName = \"b.vmdk\"\n");
        assertTrue(xml.contains("<controller type='sata' index='0'/>\n    <controller type='ide' index='0'/>"), xml);
    }

    @Test
    void emptyCdromOnSata() {
        String xml = vmx2xml("sata0.present = \"true\"\nsata0:0.present = \"true\"\n"
            + "sata0:0.deviceType = \"cdrom-image\"\nsata0:0.fileName = \"\"\n");
        assertTrue(xml.contains("<disk type='file' device='cdrom'>\n      <target dev='sda' bus='sata'/>"), xml);
    }

    @Test
    void secureBootIsBothFirmwareFeatures() {
        String xml = vmx2xml("firmware = \"efi\"\nuefi.secureBoot.enabled = \"TRUE\"\n");
        assertTrue(xml.contains("<os firmware='efi'>"), xml);
        assertTrue(xml.contains("<feature enabled='yes' name='enrolled-keys'/>\n      "
            + "<feature enabled='yes' name='secure-boot'/>"), xml);
    }

    @Test
    void unknownFirmwareIsRefused() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: VMX entry 'firmware' has unknown value 'EFI'",
            () -> vmx2xml("firmware = \"EFI\"\n"));
    }

    @Test
    void everyEthernetUpToTheHighestIndex() {
        String xml = vmx2xml("ethernet12.present = \"true\"\nethernet12.networkName = \"VM Network\"\n");
        assertTrue(xml.contains("<source bridge='VM Network'/>"), xml);
    }

    @Test
    void ethernetKeyWithoutIndexIsRefused() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: failed to parse the index of the VMX key 'ethernet.foo'",
            () -> vmx2xml("ethernet.foo = \"x\"\n"));
    }

    @Test
    void affinityNeedsAsManyCpusAsVcpus() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Expecting VMX entry 'sched.cpu.affinity' to contain at least "
            + "as many values as 'numvcpus' (2) but found only 1 value(s)",
            () -> vmx2xml("numvcpus = \"2\"\nsched.cpu.affinity = \"1\"\n"));
    }

    @Test
    void configVersionIsEssential() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Missing essential config entry 'config.version'",
            () -> vmx2xmlRaw("virtualHW.version = \"4\"\ndisplayName = \"t\"\n"));
    }

    @Test
    void anEmptyNumberIsNoNumber() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Config entry 'memsize' must represent an integer value",
            () -> vmx2xml("memsize = \"\"\n"));
    }

    @Test
    void checkMacAddressIsTrueOnlyInLowerCase() {
        String xml = vmx2xml("ethernet0.present = \"true\"\nethernet0.networkName = \"n\"\n"
            + "ethernet0.addressType = \"static\"\nethernet0.address = \"00:50:56:11:22:33\"\n"
            + "ethernet0.checkMACAddress = \"TRUE\"\n");
        assertTrue(xml.contains("<mac address='00:50:56:11:22:33' type='static' check='no'/>"), xml);
    }

    @Test
    void theEsxDriverDoesNotTreatFilesNamedMissingAsMissing() {
        // libvirt's test program calls datastores and files named "missing" absent; its ESX driver does not
        String xml = vmx2xml("scsi0.present = \"true\"\nscsi0:0.present = \"true\"\n"
            + "scsi0:0.fileName = \"/vmfs/volumes/ds/missing.vmdk\"\n");
        assertTrue(xml.contains("<source file='[ds] missing.vmdk'/>"), xml);
    }

    // ---- domain XML -> vmx ----

    @Test
    void sharedFoldersAreWritten() {
        String vmx = devices("<filesystem type='mount'><source dir='/srv'/><target dir='srv'/><readonly/></filesystem>", 4);
        assertTrue(vmx.contains("floppy1.present = \"false\"\nisolation.tools.hgfs.disable = \"false\"\n"
            + "sharedFolder.maxNum = \"1\"\nsharedFolder0.present = \"true\"\nsharedFolder0.enabled = \"true\"\n"
            + "sharedFolder0.readAccess = \"true\"\nsharedFolder0.writeAccess = \"false\"\n"
            + "sharedFolder0.hostPath = \"/srv\"\nsharedFolder0.guestName = \"srv\"\n"), vmx);
    }

    @Test
    void aNullInterfaceHasNoConnection() {
        String vmx = devices("<interface type='null'><mac address='00:50:56:87:65:43'/></interface>", 4);
        assertTrue(vmx.endsWith("ethernet0.present = \"true\"\nethernet0.addressType = \"vpx\"\n"
            + "ethernet0.generatedAddress = \"00:50:56:87:65:43\"\n"), vmx);
    }

    @Test
    void pciBridgesOnlyWithScsiThenVmci() {
        String scsi = devices("<disk type='file' device='disk'><source file='[ds] a.vmdk'/>"
            + "<target dev='sda' bus='scsi'/></disk>", 7);
        assertTrue(scsi.endsWith("pciBridge7.functions = \"8\"\nvmci0.present = \"true\"\n"), scsi);
        String none = devices("", 10);
        assertFalse(none.contains("pciBridge"), none);
        assertTrue(none.endsWith("floppy1.present = \"false\"\nvmci0.present = \"true\"\n"), none);
    }

    @Test
    void efiFirmwareAfterThePorts() {
        String vmx = DomainToVmx.toVmx("<domain type='vmware'><name>t</name><memory>4096</memory>"
            + "<os firmware='efi'><type>hvm</type></os><devices><serial type='dev'><source path='/dev/ttyS0'/>"
            + "</serial></devices></domain>", ESX, 4);
        assertTrue(vmx.endsWith("serial0.yieldOnMsrRead = \"true\"\nfirmware = \"efi\"\n"), vmx);
    }

    @Test
    void macTypeAndCheckFromTheXml() {
        String vmx = devices("<interface type='bridge'><mac address='00:0c:29:dd:ee:fe' type='static' check='yes'/>"
            + "<source bridge='br1'/></interface>", 4);
        assertTrue(vmx.endsWith("ethernet0.addressType = \"static\"\nethernet0.address = \"00:0c:29:dd:ee:fe\"\n"
            + "ethernet0.checkMACAddress = \"true\"\n"), vmx);
    }

    @Test
    void currentMemoryAgainstTheRoundedSize() {
        String vmx = DomainToVmx.toVmx("<domain type='vmware'><name>t</name><memory unit='KiB'>219136</memory>"
            + "<os><type>hvm</type></os></domain>", ESX, 4);
        assertTrue(vmx.contains("memsize = \"216\"\nsched.mem.max = \"214\"\n"), vmx);
    }

    @Test
    void anOddVcpuCountIsWritten() {
        assertTrue(xml2vmx("<vcpu>3</vcpu>", 4).contains("numvcpus = \"3\"\n"));
    }

    @Test
    void displayNameEscapesPercentSlashAndBackslash() {
        String vmx = DomainToVmx.toVmx("<domain type='vmware'><name>50%\\x|y</name><memory>4096</memory>"
            + "<os><type>hvm</type></os></domain>", ESX, 4);
        assertTrue(vmx.contains("displayName = \"50%25%5cx|7cy\"\n"), vmx);
    }

    @Test
    void aValueThatWouldEndItsEntryIsRefused() {
        fails(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Cannot write VMX entry 'ethernet0.networkName': "
            + "its value holds a double quote or a line break",
            () -> devices("<interface type='bridge'><mac address='00:50:56:11:22:33'/>"
                + "<source bridge='x&quot;&#10;RemoteDisplay.vnc.enabled = &quot;true'/></interface>", 4));
    }

    @Test
    void disksInLibvirtsOrder() {
        String vmx = devices("<disk type='file' device='disk'><source file='[ds] b.vmdk'/><target dev='sdb'/></disk>"
            + "<disk type='file' device='disk'><source file='[ds] a.vmdk'/><target dev='sda'/></disk>", 4);
        assertTrue(vmx.indexOf("scsi0:0.present") < vmx.indexOf("scsi0:1.present"), vmx);
    }

    @Test
    void anAutoScsiModelNeedsDetection() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML attribute 'model' of entry 'controller' "
            + "to be 'buslogic' or 'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found 'auto'",
            () -> devices("<disk type='file' device='disk'><source file='[ds] a.vmdk'/><target dev='sda'/></disk>"
                + "<controller type='scsi' index='0' model='auto'/>", 4));
    }

    @Test
    void sataDisksAreNotWritten() {
        fails(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported bus type 'sata'",
            () -> devices("<disk type='file' device='disk'><source file='[ds] a.vmdk'/>"
                + "<target dev='sda' bus='sata'/></disk>", 4));
    }

    @Test
    void onlyI686AndX8664() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML attribute 'arch' of entry 'os/type' to be "
            + "'i686' or 'x86_64' but found 'aarch64'",
            () -> DomainToVmx.toVmx("<domain type='vmware'><name>t</name><memory>4096</memory>"
                + "<os><type arch='aarch64'>hvm</type></os></domain>", ESX, 4));
    }

    @Test
    void aCdromImageIsAnIso() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Image file for scsi disk 'sda' has unsupported suffix, "
            + "expecting '.iso'",
            () -> devices("<disk type='file' device='cdrom'><source file='[ds] a.img'/><target dev='sda'/></disk>", 4));
    }

    @Test
    void onlyVmwareInterfaceModels() {
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML entry 'devices/interface/model' to be "
            + "'vlance' or 'vmxnet' or 'vmxnet2' or 'vmxnet3' or 'e1000' or 'e1000e' but found 'virtio'",
            () -> devices("<interface type='bridge'><mac address='00:50:56:11:22:33'/><source bridge='n'/>"
                + "<model type='virtio'/></interface>", 4));
    }

    @Test
    void fourInterfacesBeforeHardwareVersion7() {
        StringBuilder nics = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            nics.append("<interface type='bridge'><mac address='00:50:56:11:22:3").append(i)
                .append("'/><source bridge='n'/></interface>");
        }
        fails(ErrorCode.INTERNAL_ERROR, "internal error: Ethernet controller index 4 out of [0..3] range",
            () -> devices(nics.toString(), 4));
        assertTrue(devices(nics.toString(), 7).contains("ethernet4.present = \"true\""));
    }

    @Test
    void videoMemoryInMultiplesOf64KiB() {
        assertTrue(devices("<video><model type='vmvga' vram='1000'/></video>", 4)
            .contains("svga.vramSize = \"1048576\"\n"));
    }

    @Test
    void oneThreadPerCore() {
        fails(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Only 1 thread per core is supported",
            () -> xml2vmx("<vcpu>4</vcpu><cpu><topology sockets='1' cores='2' threads='2'/></cpu>", 4));
    }
}
