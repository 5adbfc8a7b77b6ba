package io.l7mp.mcw.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logging of the testkit's own processes (broker and API server mains, the testkit's tests): to stderr, with chatty libraries
 * turned down
 * to WARN unless a {@code logging.properties} says otherwise.
 */
final class QuietLogging {

    private static final String PATTERN = "%d{HH:mm:ss,SSS} %-5p [%c{1.}] (%t) %s%e%n";
    /** Held so that levels stay set while nothing else references the loggers. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    private QuietLogging() {
    }

    /** Sends log records to stderr unless something configured handlers, and quiets {@code categories}. */
    static synchronized void configure(String... categories) {
        // JBoss LogManager reads logging.properties when JUL starts; SLF4J and JBoss Logging alone never start it
        java.util.logging.LogManager.getLogManager();
        java.util.logging.Logger root = LogContext.getLogContext().getLogger("");
        ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter(PATTERN));
        boolean delivered = false;
        for (Handler handler : root.getHandlers()) {
            // quarkus-bootstrap (on the classpath through quarkus-test-common) installs a handler that holds every
            // record until a Quarkus application configures logging, which never happens in these processes
            if (handler instanceof ExtHandler && handler.getClass().getSimpleName().endsWith("DelayedHandler")) {
                ((ExtHandler) handler).setHandlers(new Handler[] { console });
                delivered = true;
            }
        }
        if (!delivered && root.getHandlers().length == 0) {
            root.addHandler(console);
            delivered = true;
        }
        if (delivered) {
            // the Quarkus bootstrap leaves the root at ALL for its own handler to filter
            root.setLevel(Level.INFO);
        }
        for (String category : categories) {
            java.util.logging.Logger logger = LogContext.getLogContext().getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                QUIETED.add(logger);
            }
        }
    }
}
