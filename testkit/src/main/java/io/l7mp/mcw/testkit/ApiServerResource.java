package io.l7mp.mcw.testkit;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an {@link ApiServer} for a {@code @QuarkusTest} and points the Quarkus Kubernetes client at it.
 * <p>
 * Init args: {@code cluster} (cluster name, default {@code cluster-1}) and {@code url-property} (the configuration key
 * that receives the server URL, default {@code quarkus.kubernetes-client.api-server-url}; set it to give a second
 * cluster's URL to another key) and {@code admission} ({@code none}, the default, or {@code validate}). With
 * {@code none} the server stores custom resources that break their CRD's schema, as the services' own checks of bad
 * objects need (a real API server, {@link ApiServer#start(String)} and the sandbox refuse them); {@code validate}
 * gives a test the real server's admission. Fields annotated {@link InjectApiServer} receive the server.
 */
public class ApiServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLUSTER_ARG = "cluster";
    public static final String URL_PROPERTY_ARG = "url-property";
    public static final String ADMISSION_ARG = "admission";
    public static final String DEFAULT_CLUSTER = "cluster-1";
    public static final String API_SERVER_URL = "quarkus.kubernetes-client.api-server-url";

    private static final Map<String, ApiServer> RUNNING = new ConcurrentHashMap<>();
    private static volatile ApiServer current;

    private String clusterName = DEFAULT_CLUSTER;
    private String urlProperty = API_SERVER_URL;
    private boolean admission;
    private ApiServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        clusterName = initArgs.getOrDefault(CLUSTER_ARG, DEFAULT_CLUSTER);
        urlProperty = initArgs.getOrDefault(URL_PROPERTY_ARG, API_SERVER_URL);
        String admissionArg = initArgs.getOrDefault(ADMISSION_ARG, "none");
        if (!admissionArg.equals("none") && !admissionArg.equals("validate")) {
            throw new IllegalArgumentException(ADMISSION_ARG + " is 'none' or 'validate', got '" + admissionArg + "'");
        }
        admission = admissionArg.equals("validate");
    }

    @Override
    public Map<String, String> start() {
        // like Quarkus' own Kubernetes test resource: never pick up a developer's real cluster
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        server = ApiServer.builder(clusterName).admission(admission).start();
        RUNNING.put(clusterName, server);
        current = server;
        return Map.of(
                urlProperty, server.url(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, wantsThisServer());
    }

    @Override
    public void stop() {
        if (server != null) {
            RUNNING.remove(clusterName, server);
            if (current == server) {
                current = null;
            }
            server.close();
            server = null;
        }
    }

    /** The server started last, for code that cannot have it injected. */
    public static ApiServer current() {
        ApiServer server = current;
        if (server == null) {
            throw new IllegalStateException("No API server is running: is the test annotated with "
                    + "@QuarkusTestResource(ApiServerResource.class)?");
        }
        return server;
    }

    /** The running server of cluster {@code clusterName}, if any. */
    public static Optional<ApiServer> current(String clusterName) {
        return Optional.ofNullable(RUNNING.get(clusterName));
    }

    private Predicate<Field> wantsThisServer() {
        return field -> {
            InjectApiServer annotation = field.getAnnotation(InjectApiServer.class);
            return annotation != null
                    && field.getType().isAssignableFrom(ApiServer.class)
                    && (annotation.value().isEmpty() || annotation.value().equals(clusterName));
        };
    }
}
