package io.l7mp.mcw.mcwanctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs mcwanctl in this JVM as a user would run it, with its output captured. */
public final class Cli {

    private final Path kubeconfig;
    private final Path home;

    public Cli(Path kubeconfig, Path home) {
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** What one command line did. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs with {@code --kubeconfig} of the test clusters added. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        return runRaw(Map.of(), all.toArray(String[]::new));
    }

    /** Runs exactly these arguments with this environment. */
    public Result runRaw(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mcwanctl.run(args, new PrintWriter(out), new PrintWriter(err), env, home);
        return new Result(code, out.toString(), err.toString());
    }
}
