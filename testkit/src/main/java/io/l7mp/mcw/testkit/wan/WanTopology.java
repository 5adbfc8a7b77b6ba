package io.l7mp.mcw.testkit.wan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clusters and tunnels a {@link WanEmulator} stands between. Every cluster has a local address, where its gateway
 * listens and which its outgoing sockets are bound to, and a WAN address, where the other clusters are told its
 * ingress is and where the emulator listens. A tunnel is a destination port the SD-WAN classifies traffic by.
 * <p>
 * Both addresses of every cluster must be IPv4 literals in 127.0.0.0/8: the emulator dials cluster local addresses,
 * and traffic of the sandbox must never leave the machine.
 *
 * @param clusters by name, in the order given
 * @param tunnels ports by tunnel name, in the order given
 */
public record WanTopology(Map<String, Cluster> clusters, Map<String, Integer> tunnels) {

    /** The tunnels of the seed WAN policies: {@code business} on 31111, {@code internet} on 31112. */
    public static final Map<String, Integer> SEED_TUNNELS = seedTunnels();

    /** Stands for "every source, destination or tunnel" in {@link WanEmulator#paths}. */
    public static final String ANY = "*";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern SANDBOX_CLUSTER = Pattern.compile("cluster-(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * One cluster's addresses.
     *
     * @param localAddress where its gateway listens (the emulator relays to it) and what its sockets are bound to
     * @param wanAddress where the emulator listens for traffic to this cluster
     */
    public record Cluster(String name, String localAddress, String wanAddress) {
        public Cluster {
            requireName("cluster", name);
            requireLoopback(name, "local address", localAddress);
            requireLoopback(name, "WAN address", wanAddress);
            if (localAddress.equals(wanAddress)) {
                throw new IllegalArgumentException("Cluster '" + name + "': local and WAN address are both "
                        + localAddress + ", expected two different addresses (the emulator listens on the WAN one)");
            }
        }
    }

    public WanTopology {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        tunnels = Collections.unmodifiableMap(new LinkedHashMap<>(tunnels));
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("A WAN topology needs at least one cluster, got none");
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (Map.Entry<String, Cluster> entry : clusters.entrySet()) {
            Cluster cluster = entry.getValue();
            if (!entry.getKey().equals(cluster.name())) {
                throw new IllegalArgumentException("Cluster key '" + entry.getKey() + "' names cluster '"
                        + cluster.name() + "', expected the cluster's own name");
            }
            claim(owners, cluster.localAddress(), cluster.name());
            claim(owners, cluster.wanAddress(), cluster.name());
        }
        Map<Integer, String> ports = new LinkedHashMap<>();
        tunnels.forEach((name, port) -> {
            requireTunnel(name, port);
            String other = ports.putIfAbsent(port, name);
            if (other != null) {
                throw new IllegalArgumentException("Tunnels '" + other + "' and '" + name + "' both use port " + port
                        + ", expected one port per tunnel");
            }
        });
    }

    /**
     * The sandbox's addressing: {@code cluster-N} has local address {@code 127.0.0.N} and WAN address
     * {@code 127.0.1.N} (N from 1 to 254).
     */
    public static WanTopology sandbox(List<String> clusterNames, Map<String, Integer> tunnels) {
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (String name : clusterNames) {
            Matcher matcher = SANDBOX_CLUSTER.matcher(name);
            int index = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
            if (index < 1 || index > 254) {
                throw new IllegalArgumentException("Sandbox cluster names are cluster-1..cluster-254, got '" + name
                        + "'");
            }
            clusters.put(name, new Cluster(name, "127.0.0." + index, "127.0.1." + index));
        }
        return new WanTopology(clusters, tunnels);
    }

    /** This topology with one more tunnel. */
    public WanTopology withTunnel(String name, int port) {
        if (tunnels.containsKey(name)) {
            throw new IllegalArgumentException("Tunnel '" + name + "' exists already (port " + tunnels.get(name)
                    + "), expected a new tunnel name");
        }
        Map<String, Integer> more = new LinkedHashMap<>(tunnels);
        more.put(name, port);
        return new WanTopology(clusters, more);
    }

    /** The cluster whose local address is {@code address}, if any. */
    public Optional<Cluster> clusterAt(String address) {
        return clusters.values().stream().filter(c -> c.localAddress().equals(address)).findFirst();
    }

    /** Fails with a message naming the cluster and the known ones when there is no such cluster. */
    public Cluster cluster(String name) {
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new IllegalArgumentException("Unknown cluster '" + name + "', expected one of " + clusters.keySet());
        }
        return cluster;
    }

    /** Fails with a message naming the tunnel and the known ones when there is no such tunnel. */
    public int tunnelPort(String name) {
        Integer port = tunnels.get(name);
        if (port == null) {
            throw new IllegalArgumentException("Unknown tunnel '" + name + "', expected one of " + tunnels.keySet());
        }
        return port;
    }

    /** Whether {@code address} is an IPv4 literal in 127.0.0.0/8 (resolving nothing). */
    public static boolean isLoopback(String address) {
        return parseIpv4(address).map(bytes -> bytes[0] == 127).orElse(false);
    }

    static void requireLoopback(String cluster, String what, String address) {
        if (address == null || !isLoopback(address)) {
            throw new IllegalArgumentException("Cluster '" + cluster + "': " + what + " '" + address
                    + "' is not in 127.0.0.0/8, expected an IPv4 loopback literal such as 127.0.0.2 (traffic of"
                    + " the sandbox must never leave the machine)");
        }
    }

    static void requireTunnel(String name, Integer port) {
        requireName("tunnel", name);
        if (port == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("Tunnel '" + name + "': port " + port + " is not a port, expected 1-65535");
        }
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Bad " + what + " name '" + name + "', expected letters, digits, '.',"
                    + " '_' and '-', starting with a letter or digit");
        }
    }

    private static void claim(Map<String, String> owners, String address, String cluster) {
        String other = owners.putIfAbsent(address, cluster);
        if (other != null && !other.equals(cluster)) {
            throw new IllegalArgumentException("Clusters '" + other + "' and '" + cluster + "' both use address "
                    + address + ", expected an address of its own for each");
        }
    }

    private static Optional<byte[]> parseIpv4(String address) {
        Matcher matcher = address == null ? null : IPV4.matcher(address);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(matcher.group(i + 1));
            if (octet > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return Optional.of(bytes);
    }

    /** The address of an IPv4 literal, without any name lookup. */
    static InetAddress inet(String address) {
        try {
            return InetAddress.getByAddress(parseIpv4(address)
                    .orElseThrow(() -> new IllegalArgumentException("'" + address + "' is not an IPv4 literal")));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 literal", e);
        }
    }

    private static Map<String, Integer> seedTunnels() {
        Map<String, Integer> seed = new LinkedHashMap<>();
        seed.put("business", 31111);
        seed.put("internet", 31112);
        return Collections.unmodifiableMap(seed);
    }
}
