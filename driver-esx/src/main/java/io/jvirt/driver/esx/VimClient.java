package io.jvirt.driver.esx;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.remote.BoundedHttp;
import io.jvirt.core.kit.remote.HttpTransport;
import io.jvirt.core.kit.remote.SoapTransport;

/**
 * The vSphere transport of one connection, on the kit's {@link HttpTransport} and
 * {@link SoapTransport} (every exchange bounded in time and size, every failure a VirtException):
 * POSTs to {@code /sdk} with {@code SOAPAction: "urn:vim25/<apiVersion>"} and the
 * {@code vmware_soap_session} cookie, and downloads datastore files. Thread-safe.
 */
final class VimClient {

    private static final Logger LOG = LoggerFactory.getLogger(VimClient.class);

    /** A .vmx file is a few KiB; libvirt's ESX driver, too, downloads only small files. */
    static final long MAX_DOWNLOAD_BYTES = 1L << 20;

    private final HttpTransport http;
    private final SoapTransport soap;

    /**
     * @param requestTimeout   the deadline of each whole exchange, body included
     * @param maxResponseBytes the largest SOAP answer kept
     */
    VimClient(HttpClient client, URI url, Duration requestTimeout, long maxResponseBytes, boolean noVerify) {
        this.http = new HttpTransport(client, url, requestTimeout, maxResponseBytes,
            "response.max.bytes of " + EsxDriver.PID, noVerify, ErrorDomain.ESX, "vmware_soap_session");
        this.soap = new SoapTransport(http, VimFault::from, "a vSphere API server");
        soap.soapAction(SoapWriter.VIM25);
    }

    URI url() {
        return http.url();
    }

    /** Uses the server's API version in SOAPAction once it is known ("urn:vim25/6.5"). */
    void apiVersion(String version) {
        if (version != null && !version.isEmpty()) {
            soap.soapAction(SoapWriter.VIM25 + "/" + version);
        }
    }

    void clearSession() {
        http.clearSession();
    }

    /**
     * The vSphere methods the driver calls that change nothing on the server: sent once more when
     * their connection fails before the answer ({@link SoapTransport#callRepeatable}). Tasks,
     * Login and every other change are sent once.
     */
    static final Set<String> READS = Set.of("RetrieveServiceContent", "RetrieveProperties", "FindByUuid", "CurrentTime");

    /** Sends {@code call} and returns its response element ({@code <MethodResponse>}). */
    Element invoke(SoapWriter call) {
        // never the body: Login carries the password
        LOG.debug("vSphere call {} to {}", call.method(), http.url());
        return READS.contains(call.method()) ? soap.callRepeatable(call.envelope()) : soap.call(call.envelope());
    }

    /**
     * A file of a datastore over the server's HTTP file access ({@code /folder/PATH?dcPath=DC&dsName=DS},
     * as libvirt's {@code esxVI_CURL_Download}), with the session cookie, the request timeout over the
     * whole download and a 1 MiB cap.
     *
     * @return the file's bytes, or null when the server has no such file (404)
     */
    byte[] download(String datacenter, String datastore, String path) {
        String enc = URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        URI file = http.url().resolve("/folder/" + enc + "?dcPath=" + URLEncoder.encode(datacenter, StandardCharsets.UTF_8)
            + "&dsName=" + URLEncoder.encode(datastore, StandardCharsets.UTF_8));
        BoundedHttp.Response resp = http.exchange("the download of '" + path + "'", http.request(file).GET().build(),
            MAX_DOWNLOAD_BYTES);
        if (resp.status() == 404) {
            return null;
        }
        if (resp.status() != 200) {
            throw http.fail(ErrorCode.HTTP_ERROR, resp.status() + " for download of '" + file + "'", null);
        }
        return resp.body();
    }
}
