package io.l7mp.mcw.api.event;

import java.util.List;

/**
 * Kafka record keys: {@code <cluster>/<policy>}, {@code <cluster>/<namespace>/<name>} and
 * {@code <source cluster>/<destination cluster>/<tunnel>}.
 */
public final class EventKeys {
    private EventKeys() {
    }

    public static String policy(String cluster, String name) {
        return cluster + "/" + name;
    }

    public static String export(String cluster, String namespace, String name) {
        return cluster + "/" + namespace + "/" + name;
    }

    public static String tunnel(String sourceCluster, String destinationCluster, String tunnel) {
        return sourceCluster + "/" + destinationCluster + "/" + tunnel;
    }

    /**
     * Splits a key into its parts.
     *
     * @throws EventFormatException when the key does not have {@code parts} non-empty segments
     */
    public static List<String> split(String key, int parts) {
        if (key == null) {
            throw new EventFormatException("record key is missing, expected " + parts + " segments separated by '/'");
        }
        List<String> segments = List.of(key.split("/", -1));
        if (segments.size() != parts || segments.stream().anyMatch(String::isEmpty)) {
            throw new EventFormatException(
                    "record key '" + key + "' has not " + parts + " non-empty segments separated by '/'");
        }
        return segments;
    }
}
