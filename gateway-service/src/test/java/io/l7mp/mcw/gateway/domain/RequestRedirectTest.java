package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code Location} of a Gateway API {@code RequestRedirect}, as the spec and the mesh conformance cases
 * (HTTPRouteRedirectScheme/Hostname/Port/Path) want it; the prefix replacements are the spec's table.
 */
class RequestRedirectTest {
    private static final ServiceKey ECHO = ServiceKey.parse("mesh/echo");
    private static final RequestRedirect.PathModifier FULL = new RequestRedirect.PathModifier.ReplaceFullPath(
            "/full-path-replacement");

    static List<Arguments> locations() {
        return List.of(
                // scheme, hostname, path, port, request host, service port, request path, query, matched prefix
                Arguments.of(redirect(null, null, null, 8083), "echo", 80, "/port", "", "/port",
                        "http://echo:8083/port"),
                Arguments.of(redirect(null, "example.org", null, 8083), "echo", 80, "/port-and-host", "", "/",
                        "http://example.org:8083/port-and-host"),
                Arguments.of(redirect("https", null, null, null), "echo", 80, "/scheme", "", "/",
                        "https://echo/scheme"),
                Arguments.of(redirect("https", null, null, 8443), "echo:80", 80, "/s", "", "/", "https://echo:8443/s"),
                Arguments.of(redirect("http", null, null, null), "echo:8080", 8080, "/s", "", "/", "http://echo/s"),
                Arguments.of(redirect(null, null, null, null), "echo:8080", 8080, "/keep", "a=1&b=2", "/",
                        "http://echo:8080/keep?a=1&b=2"),
                Arguments.of(redirect(null, "example.org", null, null), "echo.mesh.svc.clusterset.local:80", 80,
                        "/h", "", "/", "http://example.org/h"),
                Arguments.of(redirect(null, null, null, null), null, 8080, "/no-host", "", "/",
                        "http://echo.mesh.svc.clusterset.local:8080/no-host"),
                Arguments.of(redirect(null, null, null, 443), "[fd00::1]:80", 80, "/v6", "", "/",
                        "http://[fd00::1]:443/v6"),
                Arguments.of(redirect(null, null, FULL, null), "echo", 80, "/full/path/original", "", "/full",
                        "http://echo/full-path-replacement"),
                Arguments.of(redirect(null, null, prefix("/replacement-prefix"), null), "echo", 80,
                        "/original-prefix/lemon", "", "/original-prefix", "http://echo/replacement-prefix/lemon"),
                // the spec's ReplacePrefixMatch table: (prefix, request, replacement) -> path
                Arguments.of(redirect(null, null, prefix("/xyz"), null), "echo", 80, "/foo/bar", "", "/foo",
                        "http://echo/xyz/bar"),
                Arguments.of(redirect(null, null, prefix("/xyz/"), null), "echo", 80, "/foo/bar", "", "/foo",
                        "http://echo/xyz/bar"),
                Arguments.of(redirect(null, null, prefix("/xyz"), null), "echo", 80, "/foo/bar", "", "/foo/",
                        "http://echo/xyz/bar"),
                Arguments.of(redirect(null, null, prefix("/xyz"), null), "echo", 80, "/foo", "", "/foo",
                        "http://echo/xyz"),
                Arguments.of(redirect(null, null, prefix("/xyz"), null), "echo", 80, "/foo/", "", "/foo",
                        "http://echo/xyz/"),
                Arguments.of(redirect(null, null, prefix("/xyz"), null), "echo", 80, "/foo", "", "/",
                        "http://echo/xyz/foo"),
                Arguments.of(redirect(null, null, prefix("/"), null), "echo", 80, "/foo/bar", "", "/foo",
                        "http://echo/bar"),
                Arguments.of(redirect(null, null, prefix("/"), null), "echo", 80, "/foo", "", "/foo",
                        "http://echo/"));
    }

    @ParameterizedTest(name = "{3} on {1} -> {6}")
    @MethodSource("locations")
    void locationFollowsTheSpec(RequestRedirect redirect, String requestHost, Integer servicePort, String path,
            String query, String matchedPrefix, String expected) {
        // When
        String location = redirect.location(requestHost, ECHO, servicePort, path, query, matchedPrefix);

        // Then
        assertThat(location).isEqualTo(expected);
    }

    private static RequestRedirect redirect(String scheme, String hostname, RequestRedirect.PathModifier path,
            Integer port) {
        return new RequestRedirect(scheme, hostname, path, port, RequestRedirect.DEFAULT_STATUS);
    }

    private static RequestRedirect.PathModifier prefix(String value) {
        return new RequestRedirect.PathModifier.ReplacePrefixMatch(value);
    }
}
