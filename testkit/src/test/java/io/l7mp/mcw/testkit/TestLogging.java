package io.l7mp.mcw.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sends the testkit tests' logs to stderr at INFO (Kafka, fabric8 and Vert.x at WARN); without it the Quarkus
 * bootstrap on the classpath buffers every record, TRACE included, for a Quarkus application that never starts.
 */
public class TestLogging implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        QuietLogging.configure("kafka", "org.apache.kafka", "state.change.logger", "io.fabric8", "io.vertx",
                "io.netty", "org.testcontainers");
    }
}
