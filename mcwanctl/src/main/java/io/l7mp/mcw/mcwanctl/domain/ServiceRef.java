package io.l7mp.mcw.mcwanctl.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Service named on the command line as {@code NAME/NAMESPACE} (the seed's order: {@code payment/secure} is the
 * Service {@code payment} in namespace {@code secure}), or {@code NAME} with the namespace from {@code -n} or the
 * kubeconfig context.
 */
public record ServiceRef(String name, String namespace) {

    /** RFC 1035 label: what Kubernetes requires of a Service name. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 label: what Kubernetes requires of a namespace name. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public ServiceRef {
        requireValid(name, namespace);
    }

    /**
     * @param argument {@code NAME/NAMESPACE} or {@code NAME}
     * @param namespaceOption the value of {@code -n}, if given
     * @param contextNamespace the namespace of the kubeconfig context (used when neither names one)
     * @throws IllegalArgumentException with a message that says what was wrong and what is expected
     */
    public static ServiceRef parse(String argument, Optional<String> namespaceOption, String contextNamespace) {
        String[] parts = argument.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("'" + argument + "' is not NAME/NAMESPACE: expected a Service name and "
                    + "optionally its namespace, e.g. payment/secure (or payment -n secure)");
        }
        String name = parts[0];
        if (parts.length == 2) {
            String namespace = parts[1];
            if (namespaceOption.isPresent() && !namespaceOption.get().equals(namespace)) {
                throw new IllegalArgumentException("'" + argument + "' names namespace '" + namespace + "' but -n says '"
                        + namespaceOption.get() + "': give the namespace once, either as NAME/NAMESPACE or with -n");
            }
            return new ServiceRef(name, namespace);
        }
        return new ServiceRef(name, namespaceOption.orElse(contextNamespace));
    }

    /** {@code namespace/name}, the way Kubernetes tools print an object. */
    public String qualified() {
        return namespace + "/" + name;
    }

    /** {@code name/namespace}, the way mcwanctl takes it on the command line. */
    public String argument() {
        return name + "/" + namespace;
    }

    private static void requireValid(String name, String namespace) {
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Service name: expected lower-case letters, "
                    + "digits and '-', starting with a letter, at most 63 characters (RFC 1035 label)");
        }
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("'" + namespace + "' is not a valid namespace: expected lower-case "
                    + "letters, digits and '-', at most 63 characters (RFC 1123 label)");
        }
    }
}
