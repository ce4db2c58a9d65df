package io.jvirt.core.runtime;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Takes the password out of a URI's user part ({@code esx://root:secret@host/} becomes
 * {@code esx://root@host/}). No libvirt driver reads a password from its URI (they use the auth
 * file or the client's callback), so the core drops it before any driver sees the URI and before
 * any URI is shown: {@code Connection.uri()} (what {@code virt:uri} prints), log lines and error
 * messages. The rest of the URI stays exactly as typed.
 */
final class UriPasswords {

    private UriPasswords() {
    }

    /**
     * {@code uri} without a password; the same object when it has none.
     *
     * @throws URISyntaxException only for an authority that is not a server's ({@code a:b/c@d}),
     *                            when what is left does not parse
     */
    static URI strip(URI uri) throws URISyntaxException {
        String text = uri.toString();
        String userInfo = uri.getRawUserInfo();
        String stripped;
        if (userInfo != null && userInfo.indexOf(':') >= 0) {
            // the raw user part follows the first "//" (a scheme has no '/'), then '@'
            int start = text.indexOf("//") + 2;
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            stripped = text.substring(0, start) + (user.isEmpty() ? "" : user + "@")
                + text.substring(start + userInfo.length() + 1);
        } else if (uri.getHost() == null && uri.getRawAuthority() != null && uri.getRawAuthority().indexOf(':') >= 0) {
            // not a server authority ("root:pa/ss@host": the '/' ended it early): the text rule
            stripped = strip(text);
        } else {
            return uri;
        }
        return new URI(stripped);
    }

    /** A URI as text without its password: the exact rule when it parses, else {@link #strip(String)}. */
    static String forDisplay(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            return strip(new URI(uri)).toString();
        } catch (URISyntaxException e) {
            return strip(uri);
        }
    }

    /**
     * The text of a URI, valid or not (an error message may quote a URI that does not parse),
     * without anything that could be a password: in {@code scheme://USER:PASSWORD@rest} the
     * {@code :PASSWORD} part, taking the last '@' before any '?' or '#' (an unencoded '/' or '@'
     * can be part of a mistyped password). Anything without an authority stays as it is.
     */
    static String strip(String text) {
        if (text == null) {
            return null;
        }
        int start = text.indexOf("://");
        if (start < 0) {
            return text;
        }
        start += 3;
        if (start >= text.length() || text.charAt(start) == '/') {
            return text;
        }
        int end = text.length();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return text;
        }
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return text;
        }
        String user = text.substring(start, colon);
        // ":secret@host" (no user) leaves no user part at all
        return text.substring(0, start) + (user.isEmpty() ? text.substring(at + 1) : user + text.substring(at));
    }
}
