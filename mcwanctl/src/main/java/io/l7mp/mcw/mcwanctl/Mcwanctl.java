package io.l7mp.mcw.mcwanctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import io.l7mp.mcw.mcwanctl.command.McwanctlCommand;
import picocli.CommandLine;

/**
 * mcwanctl's entry point: parses the command line with picocli, runs the command and maps the outcome to the exit
 * code: 0 success, 1 failure ({@link CliException}), 2 usage error (picocli's own, or {@link UsageException}).
 */
public final class Mcwanctl {

    private Mcwanctl() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err, System.getenv(), Path.of(System.getProperty("user.home")));
        out.flush();
        err.flush();
        // gRPC and HTTP client threads must not keep a finished command alive
        System.exit(code);
    }

    /** Runs one command line; what it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path home) {
        CommandLine commandLine = commandLine(new McwanctlCommand(env, home));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** The command tree with mcwanctl's error handling; also what completion scripts are generated from. */
    public static CommandLine commandLine(McwanctlCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("error: " + e.getMessage());
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
            }
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (e instanceof UsageException) {
                err.println("error: " + e.getMessage());
                err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof CliException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }
}
