package io.l7mp.mcw.sandbox.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The protocols the gateway benchmark measures, as {@code --protocol} names them. */
enum Protocol {
    /** HTTP/1.1 keep-alive GETs (issue 3). */
    HTTP1,
    /** GETs over HTTP/2 with prior knowledge, load from h2load (issue 15). */
    H2C,
    /** gRPC unary calls and a bidirectional stream (issue 15). */
    GRPC,
    /** TCP echo round trips and bulk bytes, carried opaquely (issue 15). */
    TCP;

    /** The option value: the name in lower case. */
    String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol an option value names, in any case; fails naming the value and the accepted ones. */
    static Protocol parse(String value) {
        return Arrays.stream(values()).filter(p -> p.optionName().equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--protocol: '" + value + "' is not a protocol,"
                        + " expected one of " + Arrays.stream(values()).map(Protocol::optionName)
                                .collect(Collectors.joining(", "))));
    }
}
