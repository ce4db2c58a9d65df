package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

/**
 * virsh's blkiotune (cmdBlkiotune): without a value to set, every parameter as "%-15s: %s";
 * with --weight (a positive int) or the device lists (libvirt's "path,value,..." strings), one
 * virDomainSetBlkioParameters call.
 */
@Command(scope = "virt", name = "blkiotune", description = "Get or set blkio parameters")
@Service
public class BlkioTune extends ImpactFlagsCommand {

    @Option(name = "--weight", description = "IO Weight")
    String weight;
    @Option(name = "--device-weights", description = "per-device IO Weights, in the form of /path/to/device,weight,...")
    String deviceWeights;
    @Option(name = "--device-read-iops-sec", description = "per-device read I/O limit per second, in the form of /path/to/device,read_iops_sec,...")
    String deviceReadIops;
    @Option(name = "--device-write-iops-sec", description = "per-device write I/O limit per second, in the form of /path/to/device,write_iops_sec,...")
    String deviceWriteIops;
    @Option(name = "--device-read-bytes-sec", description = "per-device bytes read per second, in the form of /path/to/device,read_bytes_sec,...")
    String deviceReadBytes;
    @Option(name = "--device-write-bytes-sec", description = "per-device bytes wrote per second, in the form of /path/to/device,write_bytes_sec,...")
    String deviceWriteBytes;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--weight", "--device-weights", "--device-read-iops-sec", "--device-write-iops-sec", "--device-read-bytes-sec",
            "--device-write-bytes-sec");
    }

    @Override
    protected void run() throws Exception {
        var impact = impactFlags();
        var d = lookup();
        List<TypedParameter> params = new ArrayList<>();
        if (weight != null) {
            int w;
            try {
                w = Integer.parseInt(weight);
            } catch (NumberFormatException e) {
                throw failure("Numeric value '" + weight + "' for <weight> option is malformed or out of range");
            }
            if (w <= 0) {
                throw failure("Invalid value of " + w + " for I/O weight");
            }
            params.add(TypedParameter.ofUint("weight", w));
        }
        string(params, "device_weight", deviceWeights);
        string(params, "device_read_iops_sec", deviceReadIops);
        string(params, "device_write_iops_sec", deviceWriteIops);
        string(params, "device_read_bytes_sec", deviceReadBytes);
        string(params, "device_write_bytes_sec", deviceWriteBytes);
        if (params.isEmpty()) {
            List<TypedParameter> now;
            try {
                now = d.blkioParameters(impact);
            } catch (VirtException e) {
                // virsh counts the parameters first: a driver counts them whatever the domain's state,
                // so only the flags fail that call; the domain's state fails the one that reads them
                throw failure(e.code() == io.jvirt.api.ErrorCode.OPERATION_INVALID ? "Unable to get blkio parameters"
                    : "Unable to get number of blkio parameters", e);
            }
            StringBuilder b = new StringBuilder();
            for (TypedParameter p : now) {
                b.append(String.format("%-15s: %s%n", p.field(), p.valueText()));
            }
            out().print(b);
            return;
        }
        try {
            d.setBlkioParameters(params, impact);
        } catch (VirtException e) {
            throw failure("Unable to change blkio parameters", e);
        }
    }

    private static void string(List<TypedParameter> params, String field, String value) {
        if (value != null) {
            params.add(new TypedParameter(field, TypedParameter.Type.STRING, value));
        }
    }
}
