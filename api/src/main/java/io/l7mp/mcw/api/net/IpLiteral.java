package io.l7mp.mcw.api.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IP address literals, parsed without ever asking a resolver. */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address {@code host} spells (IPv4 dotted quad, or IPv6 with or without brackets); empty for a name. */
    public static Optional<InetAddress> parse(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!(isIpv4(h) || h.indexOf(':') >= 0 && h.chars().allMatch(IpLiteral::ipv6Char))) {
            return Optional.empty();
        }
        try {
            // a literal never reaches a resolver: InetAddress parses it in place
            return Optional.of(InetAddress.getByName(h));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isIpv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6Char(int c) {
        return Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%';
    }
}
