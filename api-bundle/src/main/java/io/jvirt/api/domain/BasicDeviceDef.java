package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device modelled by its main attributes (input, video, memballoon, watchdog, rng, panic, sound,
 * tpm, hostdev); its other attributes and sub-elements are kept as parsed and written back in
 * their order.
 */
public abstract sealed class BasicDeviceDef extends DeviceDef
    permits InputDef, VideoDef, MemballoonDef, WatchdogDef, RngDef, PanicDef, SoundDef, TpmDef, HostdevDef {

    private final Map<String, String> otherAttrs = new LinkedHashMap<>(0);
    private final List<XmlElement> children = new ArrayList<>(0);

    /** Attributes of the device element the model does not interpret, in order (modifiable). */
    public Map<String, String> otherAttrs() {
        return otherAttrs;
    }

    /** Sub-elements the model does not interpret ({@code driver}, {@code codec}, ...), as parsed (modifiable). */
    public List<XmlElement> children() {
        return children;
    }

    /** The kept sub-element with this name, or null. */
    public XmlElement child(String name) {
        for (XmlElement c : children) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    protected void copyBasic(BasicDeviceDef from) {
        copyBase(from);
        otherAttrs.putAll(from.otherAttrs);
        from.children.forEach(c -> children.add(c.copy()));
    }
}
