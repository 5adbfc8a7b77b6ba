package io.l7mp.mcw.mcwanctl;

/**
 * The command line names something that cannot be (a bad NAME/NAMESPACE, an unknown context): exit code 2, like
 * picocli's own usage errors. Thrown where picocli's parser cannot see the mistake, e.g. a context name checked
 * against the kubeconfig.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
