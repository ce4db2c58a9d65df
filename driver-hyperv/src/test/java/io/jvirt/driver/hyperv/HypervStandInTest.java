package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in itself, spoken to with hand-written messages: it answers what libvirt sends and
 * refuses, with a fault, what a wrong client would send.
 */
class HypervStandInTest {

    private WsmanStandIn standIn;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        standIn = WsmanStandIn.start("administrator", "s3cret");
        standIn.model.add("vm-a");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private HttpResponse<String> post(String password, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(standIn.url()))
            .header("Content-Type", "application/soap+xml;charset=UTF-8")
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("administrator:" + password)
                .getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private String envelope(String action, String resourceUri, String selectors, String body, boolean mustUnderstand) {
        String mu = mustUnderstand ? " s:mustUnderstand=\"true\"" : "";
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"" + Wsman.NS_WSA
            + "\" xmlns:w=\"" + Wsman.NS_WSMAN + "\" xmlns:n=\"" + Wsman.NS_WSEN + "\"><s:Header><a:To>" + standIn.url()
            + "</a:To><w:ResourceURI" + mu + ">" + resourceUri + "</w:ResourceURI><a:ReplyTo><a:Address>" + Wsman.ANONYMOUS
            + "</a:Address></a:ReplyTo><a:Action" + mu + ">" + action + "</a:Action><a:MessageID>uuid:1</a:MessageID>"
            + selectors + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private String enumerate(String wql) {
        return envelope(Wsman.ACTION_ENUMERATE, Wsman.V2 + "*", "", "<n:Enumerate><w:Filter Dialect=\"" + Wsman.WQL_DIALECT
            + "\">" + wql + "</w:Filter></n:Enumerate>", true);
    }

    @Test
    void wrongCredentialsAre401AndNothingIsServed() throws Exception {
        HttpResponse<String> r = post("wrong", enumerate("SELECT * FROM Msvm_ComputerSystem"));
        assertEquals(401, r.statusCode());
        assertEquals("Basic realm=\"WSMAN\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(0, standIn.total.get());
    }

    @Test
    void anEnumerationOfLibvirtsQueryIsServed() throws Exception {
        HttpResponse<String> r = post("s3cret", enumerate("SELECT * FROM Msvm_ComputerSystem WHERE Name != __SERVER "
            + "AND (EnabledState = 0 or EnabledState = 3 or EnabledState = 32769) "));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("EnumerationContext"), r.body());
    }

    @Test
    void whatIsNotLibvirtsIsAFault() throws Exception {
        // unknown class, unknown property, a syntax it does not know, a wrong root URI, no mustUnderstand
        for (String body : new String[] {
            enumerate("SELECT * FROM Msvm_NoSuchClass"),
            enumerate("SELECT * FROM Msvm_ComputerSystem WHERE NoSuchProperty = 1"),
            enumerate("SELECT * FROM Msvm_ComputerSystem WHERE Name ~ 'x%'"),
            envelope(Wsman.ACTION_ENUMERATE, Wsman.CIMV2 + "*", "", "<n:Enumerate><w:Filter Dialect=\"" + Wsman.WQL_DIALECT
                + "\">SELECT * FROM Msvm_ComputerSystem</w:Filter></n:Enumerate>", true),
            envelope(Wsman.ACTION_ENUMERATE, Wsman.V2 + "*", "", "<n:Enumerate><w:Filter Dialect=\"" + Wsman.WQL_DIALECT
                + "\">SELECT * FROM Msvm_ComputerSystem</w:Filter></n:Enumerate>", false),
            envelope(Wsman.V2 + "Msvm_ComputerSystem/Explode", Wsman.V2 + "Msvm_ComputerSystem", "",
                "<p:Explode_INPUT xmlns:p=\"" + Wsman.V2 + "Msvm_ComputerSystem\"/>", true),
            envelope(Wsman.V2 + "Msvm_ComputerSystem/RequestStateChange", Wsman.V2 + "Msvm_ComputerSystem",
                "<w:SelectorSet><w:Selector Name=\"Name\">00000000-0000-0000-0000-000000000000</w:Selector></w:SelectorSet>",
                "<p:RequestStateChange_INPUT xmlns:p=\"" + Wsman.V2 + "Msvm_ComputerSystem\"><p:RequestedState>2"
                    + "</p:RequestedState></p:RequestStateChange_INPUT>", true),
            envelope(Wsman.ACTION_PULL, Wsman.V2 + "Msvm_ComputerSystem", "",
                "<n:Pull><n:EnumerationContext>uuid:nosuch</n:EnumerationContext></n:Pull>", true),
        }) {
            HttpResponse<String> r = post("s3cret", body);
            assertEquals(500, r.statusCode(), body);
            assertTrue(r.body().contains("<s:Fault>") && r.body().contains("<s:Text"), r.body());
        }
    }
}
