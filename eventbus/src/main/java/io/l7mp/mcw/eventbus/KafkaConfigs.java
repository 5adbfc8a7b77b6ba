package io.l7mp.mcw.eventbus;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Picks the connection settings (bootstrap servers, TLS, SASL) out of a service's {@code kafka.*}
 * configuration, so that every client the services make connects the same way.
 */
public final class KafkaConfigs {
    private static final Set<String> CONNECTION_KEYS = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG);

    private KafkaConfigs() {
    }

    public static Map<String, Object> client(Map<String, Object> kafkaConfig) {
        Map<String, Object> out = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            String k = key.replace('-', '.');
            if (CONNECTION_KEYS.contains(k) || k.startsWith("ssl.") || k.startsWith("sasl.")
                    || SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG.equals(k)
                    || SaslConfigs.SASL_MECHANISM.equals(k)) {
                out.put(k, value);
            }
        });
        if (!out.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set; expected host:port[,host:port]");
        }
        return out;
    }
}
