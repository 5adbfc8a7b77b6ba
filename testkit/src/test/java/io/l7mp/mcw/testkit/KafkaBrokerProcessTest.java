package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @Test
    void childProcessBrokerServesRecordsAndDiesOnClose(@TempDir Path workDir) throws Exception {
        // Given
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(workDir);
        long pid = broker.pid();
        List<String> consumed;
        try {
            // When
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    KafkaBrokerTest.producerConfig(broker.bootstrapServers()))) {
                producer.send(new ProducerRecord<>("mcw.telemetry", "cluster-1", "rtt=12ms")).get(60, TimeUnit.SECONDS);
            }
            consumed = KafkaBrokerTest.consumeAll(broker.bootstrapServers(), "mcw.telemetry", 1);
        } finally {
            broker.close();
        }

        // Then
        assertThat(consumed).containsExactly("cluster-1=rtt=12ms");
        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(accepts(broker.bootstrapServers())).isFalse();
        assertThat(broker.logFile()).exists();
    }

    private static boolean accepts(String bootstrapServers) {
        String[] hostPort = bootstrapServers.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
