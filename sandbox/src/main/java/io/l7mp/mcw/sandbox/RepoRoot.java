package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Finds the checkout the sandbox runs from: the service jars, the example YAML and the default work directory are
 * all relative to it.
 */
public final class RepoRoot {

    /** System property that names the repository root explicitly. */
    public static final String PROPERTY = "mcw.home";

    private static final Pattern PARENT_ARTIFACT = Pattern.compile("<artifactId>\\s*mcw-parent\\s*</artifactId>");
    /** Module poms name mcw-parent in their {@code <parent>} block: that is not the root. */
    private static final Pattern PARENT_BLOCK = Pattern.compile("<parent>.*?</parent>", Pattern.DOTALL);

    private RepoRoot() {
    }

    /** {@code -Dmcw.home} if set, else the nearest directory above the working directory whose pom is mcw-parent. */
    public static Path find() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!isRoot(root)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + explicit
                        + " is not the MCW repository root: expected a pom.xml with artifactId mcw-parent in " + root);
            }
            return root;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the MCW repository root above " + start
                + " (a directory whose pom.xml has artifactId mcw-parent); run from inside the checkout or set -D"
                + PROPERTY + "=<path>");
    }

    static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String own = PARENT_BLOCK.matcher(Files.readString(pom)).replaceFirst("");
            return PARENT_ARTIFACT.matcher(own).find();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }
}
