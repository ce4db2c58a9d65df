package io.jvirt.driver.esx;

import io.jvirt.core.kit.remote.SoapEnvelope;
import io.jvirt.core.kit.remote.SoapEnvelope.SoapVersion;

/**
 * One vSphere API call being written: the kit's SOAP 1.1 envelope ({@link SoapEnvelope}, which
 * escapes every value) with the {@code urn:vim25} operation, its {@code _this} argument and
 * managed object references ({@code <pool type="ResourcePool">resgroup-8</pool>}). Elements go in
 * the order the vim25 WSDL declares them (servers may check it).
 */
public final class SoapWriter {

    static final String VIM25 = "urn:vim25";

    private final SoapEnvelope envelope;

    /** Starts a call of {@code method} on {@code target} (the {@code _this} argument). */
    public SoapWriter(String method, MoRef target) {
        envelope = SoapEnvelope.request(SoapVersion.SOAP_1_1, method, VIM25);
        ref("_this", target);
    }

    public String method() {
        return envelope.operation();
    }

    /** {@code <name>text</name>}; nothing when {@code text} is null. */
    public SoapWriter text(String name, Object text) {
        envelope.text(name, text);
        return this;
    }

    /** {@code <name type="Type">value</name>}; nothing when {@code ref} is null. */
    public SoapWriter ref(String name, MoRef ref) {
        if (ref != null) {
            envelope.text(name, ref.value(), "type", ref.type());
        }
        return this;
    }

    /** Opens {@code <name>}, with {@code xsi:type} when {@code xsiType} is not null. */
    public SoapWriter open(String name, String xsiType) {
        envelope.typed(name, xsiType);
        return this;
    }

    public SoapWriter open(String name) {
        envelope.open(name);
        return this;
    }

    public SoapWriter close(String name) {
        envelope.close(name);
        return this;
    }

    /** The whole envelope. */
    public String finish() {
        return envelope.finish();
    }

    SoapEnvelope envelope() {
        return envelope;
    }
}
