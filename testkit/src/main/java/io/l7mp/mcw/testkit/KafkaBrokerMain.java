package io.l7mp.mcw.testkit;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the test {@link KafkaBroker} as its own process until SIGTERM:
 * {@code java -cp ... io.l7mp.mcw.testkit.KafkaBrokerMain --port N --controller-port M --log-dir D [--parent-pid P]}.
 * Prints {@code KAFKA READY <bootstrap>} once clients can connect. Data in {@code D} survives a restart. With
 * {@code --parent-pid} the broker also stops when that process exits, even if it was killed with SIGKILL.
 */
public final class KafkaBrokerMain {

    /** The line prefix that tells a parent process the broker is ready. */
    public static final String READY = "KAFKA READY ";

    private static final String USAGE = "KafkaBrokerMain --port N --controller-port M --log-dir D [--parent-pid P]";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuietLogging.configure("kafka", "org.apache.kafka", "state.change.logger");
        MainArgs options = MainArgs.parse(args, Set.of("port", "controller-port", "log-dir", "parent-pid"), USAGE);
        KafkaBroker broker = KafkaBroker.start(Path.of(options.required("log-dir")), options.requiredPort("port"),
                options.requiredPort("controller-port"), false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-stop"));
        options.exitWithParent();
        System.out.println(READY + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
