package io.l7mp.mcw.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * An API server stand-in of one simulated cluster that is listening, in this JVM ({@link ApiServer}) or in a child
 * process ({@link ApiServerProcess}): what its users need, whichever it is.
 */
public interface RunningApiServer extends AutoCloseable {

    String clusterName();

    /** The base URL, e.g. {@code http://127.0.0.1:38117}. */
    String url();

    /** A new client of this server, namespace {@code default}; the caller closes it. */
    KubernetesClient client();

    /** What the requests served so far have cost the server ({@link RequestStats}). */
    RequestStats requestStats();

    /** Forgets the request times recorded so far. */
    void resetRequestStats();

    /** Stops the server. */
    @Override
    void close();
}
