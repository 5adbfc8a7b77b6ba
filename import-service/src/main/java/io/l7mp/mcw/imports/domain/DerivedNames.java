package io.l7mp.mcw.imports.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of the objects derived from an import. */
public final class DerivedNames {
    /** Service names are DNS-1035 labels. */
    static final int MAX_SERVICE_NAME = 63;
    private static final String PREFIX = "mcw-";
    private static final int HASH_CHARS = 8;

    private DerivedNames() {
    }

    /**
     * {@code mcw-<name>}; when that is longer than a Service name may be, the name is cut and a short hash of the
     * full name appended, so that two long names that share a prefix still get different Services.
     */
    public static String service(String importName) {
        String full = PREFIX + importName;
        if (full.length() <= MAX_SERVICE_NAME) {
            return full;
        }
        String head = full.substring(0, MAX_SERVICE_NAME - HASH_CHARS - 1);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + sha256Hex(importName).substring(0, HASH_CHARS);
    }

    /** Whether a Service of this name could be a derived Service (all of them start with {@code mcw-}). */
    public static boolean couldBeDerived(String serviceName) {
        return serviceName.startsWith(PREFIX);
    }

    /** The EndpointSlice of a derived Service carries the Service's name. */
    public static String endpointSlice(String importName) {
        return service(importName);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
