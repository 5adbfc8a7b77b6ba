package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A Kubernetes API server stand-in for one simulated cluster: fabric8's mock server in CRUD mode, in this JVM, on
 * plain HTTP, with the behaviour MCW relies on added by {@link ApiServerDispatcher} and what kubectl needs added by
 * {@link ApiServerFront} (discovery, OpenAPI, tables, protobuf bodies, several versions of one CRD). The custom
 * resources are those of the committed CRD files ({@link CrdCatalog}); by default objects that break their CRD's
 * schema are refused, as a real API server refuses them. The namespaces {@code default} and {@code kube-system}
 * exist from the start, as in a real cluster. The store is indexed by kind, namespace and name, so that a request costs
 * the same with 100 objects as with 100,000; what requests cost the stand-in is in {@link #requestStats()}.
 */
public final class ApiServer implements RunningApiServer {

    private static final Logger LOGGER = Logger.getLogger(ApiServer.class);
    /** A token the kubeconfig carries so that clients send credentials, as they would to a real cluster. */
    private static final String TOKEN = "mcw-testkit";
    /** The mock web server keeps every request for inspection; forget them so long runs do not fill the heap. */
    private static final ScheduledExecutorService HOUSEKEEPING = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mcw-apiserver-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private static final Set<MockWebServer> RUNNING = ConcurrentHashMap.newKeySet();
    /** Held so that the level set on it is not lost when JUL forgets an unreferenced logger. */
    private static final java.util.logging.Logger REQUEST_LOGGER = java.util.logging.Logger
            .getLogger(MockWebServer.class.getName());

    static {
        HOUSEKEEPING.scheduleWithFixedDelay(() -> RUNNING.forEach(MockWebServer::reset), 30, 30, TimeUnit.SECONDS);
    }

    private final String clusterName;
    private final String host;
    private final MockWebServer webServer;
    private final KubernetesMockServer mockServer;
    private final ApiServerFront front;
    private final ApiServerDispatcher store;

    private ApiServer(String clusterName, String host, MockWebServer webServer, KubernetesMockServer mockServer,
            ApiServerFront front, ApiServerDispatcher store) {
        this.clusterName = clusterName;
        this.host = host;
        this.webServer = webServer;
        this.mockServer = mockServer;
        this.front = front;
        this.store = store;
    }

    /** Starts an API server for cluster {@code clusterName} on a random port of 127.0.0.1. */
    public static ApiServer start(String clusterName) {
        return builder(clusterName).start();
    }

    /** Starts an API server for cluster {@code clusterName} on {@code host:port} (port 0: a random one). */
    public static ApiServer start(String clusterName, String host, int port) {
        return builder(clusterName).host(host).port(port).start();
    }

    /** Options beyond the defaults: address, admission, the CRDs served, the clock of table ages. */
    public static Builder builder(String clusterName) {
        return new Builder(Objects.requireNonNull(clusterName, "clusterName"));
    }

    /** How an API server starts. */
    public static final class Builder {
        private final String clusterName;
        private String host = "127.0.0.1";
        private int port;
        private boolean admission = true;
        private CrdCatalog crds;
        private Clock clock = Clock.systemUTC();

        private Builder(String clusterName) {
            this.clusterName = clusterName;
        }

        /** The address to listen on; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on; 0 (the default) for a random free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Whether custom resources that break their CRD's schema are refused (422), as by a real API server: true by
         * default. False lets them through, for tests of how a service copes with an object it cannot read.
         */
        public Builder admission(boolean admission) {
            this.admission = admission;
            return this;
        }

        /** The CRDs to serve; the committed ones ({@link CrdCatalog#committed()}) by default. */
        public Builder crds(CrdCatalog crds) {
            this.crds = Objects.requireNonNull(crds, "crds");
            return this;
        }

        /** The clock the ages in {@code kubectl get} tables are computed with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ApiServer start() {
            ApiResources resources = crds == null ? ApiResources.committed() : ApiResources.of(crds);
            return ApiServer.start(clusterName, host, port, resources,
                    admission ? Optional.of(new CrdAdmission()) : Optional.empty(), clock);
        }
    }

    private static ApiServer start(String clusterName, String host, int port, ApiResources resources,
            Optional<CrdAdmission> admission, Clock clock) {
        quietRequestLogging();
        MockWebServer webServer = new MockWebServer();
        ApiServerDispatcher dispatcher = new ApiServerDispatcher(resources, admission);
        dispatcher.createNamespaces("default", "kube-system");
        ApiServerFront front = new ApiServerFront(resources, new TableConverter(clock), dispatcher);
        KubernetesMockServer mockServer = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer,
                new HashMap<>(), front, false);
        try {
            mockServer.init(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Cannot resolve host '" + host + "' for API server " + clusterName, e);
        }
        ApiServer server = new ApiServer(clusterName, host, webServer, mockServer, front, dispatcher);
        RUNNING.add(webServer);
        LOGGER.infof("API server for cluster %s listening on %s", clusterName, server.url());
        return server;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:38117}. */
    @Override
    public String url() {
        return "http://" + host + ":" + port();
    }

    public int port() {
        return mockServer.getPort();
    }

    /**
     * What the requests served so far have cost this server (count, total and longest time per verb and kind), for
     * benchmarks to tell the stand-in's share of a figure from the service's. Also served as JSON at
     * {@link RequestStats#PATH}.
     */
    @Override
    public RequestStats requestStats() {
        return front.stats();
    }

    /** Forgets the request times recorded so far, e.g. between the warm-up and the measured phase of a benchmark. */
    @Override
    public void resetRequestStats() {
        front.resetStats();
    }

    /** The store behind the HTTP front, for tests that fill it faster than HTTP requests could. */
    ApiServerDispatcher store() {
        return store;
    }

    /** A new client of this server, namespace {@code default}; the caller closes it. */
    @Override
    public KubernetesClient client() {
        return client(url());
    }

    /** A new client of the API server at {@code url}, as {@link #client()} makes it; the caller closes it. */
    static KubernetesClient client(String url) {
        Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withNamespace("default")
                .withOauthToken(TOKEN)
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Writes a kubeconfig with one context per server, cluster, user and context all named after the cluster
     * (e.g. {@code cluster-1}); the first server's context is the current one.
     */
    public static Path writeKubeconfig(Path file, List<? extends RunningApiServer> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("writeKubeconfig needs at least one API server, got none");
        }
        ConfigBuilder kubeconfig = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .withCurrentContext(servers.get(0).clusterName());
        for (RunningApiServer server : servers) {
            String name = server.clusterName();
            kubeconfig.addToClusters(new NamedClusterBuilder().withName(name)
                    .withNewCluster().withServer(server.url()).withInsecureSkipTlsVerify(true).endCluster().build());
            kubeconfig.addToUsers(new NamedAuthInfoBuilder().withName(name)
                    .withNewUser().withToken(TOKEN).endUser().build());
            kubeconfig.addToContexts(new NamedContextBuilder().withName(name)
                    .withNewContext().withCluster(name).withUser(name).withNamespace("default").endContext().build());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Serialization.asYaml(kubeconfig.build()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write kubeconfig " + file, e);
        }
    }

    @Override
    public void close() {
        RUNNING.remove(webServer);
        mockServer.destroy();
        LOGGER.debugf("API server for cluster %s stopped", clusterName);
    }

    private static void quietRequestLogging() {
        // the mock web server logs every request at INFO; keep it unless someone chose a level
        if (REQUEST_LOGGER.getLevel() == null) {
            REQUEST_LOGGER.setLevel(Level.WARNING);
        }
    }
}
