package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * blkiotune as virsh 9.0 prints it on test:///default (checked against real virsh on libvirt's
 * test driver by server-bundle's BlkioOverTheWireTest).
 */
class BlkioTuneCommandTest {

    private final Connector connector = TestConsole.connector();

    private static String table(String weight, String weights, String readIops) {
        return "weight         : " + weight + "\ndevice_weight  : " + weights + "\ndevice_read_iops_sec: " + readIops
            + "\ndevice_write_iops_sec: \ndevice_read_bytes_sec: \ndevice_write_bytes_sec: \n";
    }

    @Test
    void getSetGet() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals(table("0", "", ""), ok(c.run(typed(new BlkioTune(), "test"))));
            assertEquals("", ok(c.run(typed(new BlkioTune(), "test --weight 500 --device-weights /dev/sda,200,/dev/sdb,300"))));
            ok(c.run(typed(new BlkioTune(), "test --device-weights /dev/sda,0 --device-read-iops-sec /dev/sdc,0,/dev/sdb,7")));
            assertEquals(table("500", "/dev/sdb,300", "/dev/sdb,7"), ok(c.run(typed(new BlkioTune(), "test"))));
            assertEquals(table("0", "", ""), ok(c.run(typed(new BlkioTune(), "test --config"))));
        }
    }

    /** virsh gives plain words after the domain to --weight, then --device-weights, ... (its table's order). */
    @Test
    void valuesByPosition() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("", ok(c.run(typed(new BlkioTune(), "test 500"))));
            assertEquals(table("500", "", ""), ok(c.run(typed(new BlkioTune(), "test"))));
            ok(c.run(typed(new BlkioTune(), "test --weight 600 /dev/sda,200 --live")));
            assertEquals(table("600", "/dev/sda,200", ""), ok(c.run(typed(new BlkioTune(), "test"))));
            assertEquals("error: command 'blkiotune' doesn't support option --id\n", fails(c.run(typed(new BlkioTune(), "test --id 3"))));
            assertEquals("error: unexpected data '7'\n", fails(c.run(typed(new BlkioTune(), "test 1 /dev/sda,1 /dev/sda,2 /dev/sda,3 /dev/sda,4 /dev/sda,5 7"))));
        }
    }

    @Test
    void refusals() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: Invalid value of 0 for I/O weight\n", fails(c.run(typed(new BlkioTune(), "test --weight 0"))));
            assertEquals("error: Unable to change blkio parameters\n"
                + "error: invalid argument: unable to parse blkio device 'device_weight' '/dev/sda'\n",
                fails(c.run(typed(new BlkioTune(), "test --device-weights /dev/sda"))));
            assertEquals("error: Unable to change blkio parameters\n"
                + "error: invalid argument: invalid value 'x' for parameter 'device_weight' of device '/dev/sda'\n",
                fails(c.run(typed(new BlkioTune(), "test --device-weights /dev/sda,x"))));
            assertEquals("error: Unable to get number of blkio parameters\n"
                + "error: Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive\n",
                fails(c.run(typed(new BlkioTune(), "test --live --config"))));
            ok(c.run(typed(new Destroy(), "test")));
            assertEquals("error: Unable to get blkio parameters\nerror: Requested operation is not valid: domain is not running\n",
                fails(c.run(typed(new BlkioTune(), "test --live"))));
        }
    }
}
