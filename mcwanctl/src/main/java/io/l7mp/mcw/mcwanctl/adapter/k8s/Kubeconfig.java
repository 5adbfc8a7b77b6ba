package io.l7mp.mcw.mcwanctl.adapter.k8s;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.UsageException;

/**
 * The kubeconfig file mcwanctl reads: {@code --kubeconfig}, else the first file of {@code KUBECONFIG}, else
 * {@code ~/.kube/config}, as kubectl does. Its contexts are the clusters {@code status} looks at.
 */
public final class Kubeconfig {

    private final Path path;
    private final Config config;

    private Kubeconfig(Path path, Config config) {
        this.path = path;
        this.config = config;
    }

    /**
     * @throws CliException when there is no such file or it is not a kubeconfig
     */
    public static Kubeconfig load(Optional<Path> option, Map<String, String> env, Path home) {
        Path path = option.orElseGet(() -> fromEnv(env).orElse(home.resolve(".kube").resolve("config")));
        String origin = option.isPresent() ? "--kubeconfig" : fromEnv(env).isPresent() ? "KUBECONFIG" : "the default";
        if (!Files.isRegularFile(path)) {
            throw new CliException("no kubeconfig at " + path + " (" + origin + "): pass --kubeconfig FILE or set "
                    + "KUBECONFIG (bin/sandbox prints the path of the sandbox's kubeconfig)");
        }
        try {
            return new Kubeconfig(path.toAbsolutePath(), KubeConfigUtils.parseConfig(path.toFile()));
        } catch (Exception e) {
            throw new CliException("cannot read kubeconfig " + path + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> fromEnv(Map<String, String> env) {
        String value = env.get("KUBECONFIG");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(value.split(File.pathSeparator)[0]));
    }

    public Path path() {
        return path;
    }

    public List<String> contexts() {
        return config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).toList();
    }

    /**
     * The context to use: {@code --context}, else the kubeconfig's current context.
     *
     * @throws UsageException when the context is not in the kubeconfig, listing the ones that are
     */
    public String resolveContext(Optional<String> option) {
        List<String> contexts = contexts();
        if (option.isPresent()) {
            if (!contexts.contains(option.get())) {
                throw new UsageException("context '" + option.get() + "' is not in kubeconfig " + path + "; its contexts: "
                        + describe(contexts) + " (pick one with --context)");
            }
            return option.get();
        }
        String current = config.getCurrentContext();
        if (current == null || current.isBlank() || !contexts.contains(current)) {
            throw new UsageException("kubeconfig " + path + " has no current context: pick one with --context ("
                    + describe(contexts) + ")");
        }
        return current;
    }

    /** The namespace the context names, or {@code default}. */
    public String namespaceOf(String context) {
        return config.getContexts().stream()
                .filter(c -> c.getName().equals(context) && c.getContext() != null)
                .map(c -> c.getContext().getNamespace())
                .filter(ns -> ns != null && !ns.isBlank())
                .findFirst().orElse("default");
    }

    private static String describe(List<String> contexts) {
        return contexts.isEmpty() ? "none" : String.join(", ", contexts);
    }
}
