package io.l7mp.mcw.mcwanctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What needs no cluster: help, usage errors, completion, version. */
class CommandLineTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = { "export", "unexport", "import", "status", "policies", "tunnels", "completion" })
    void everyCommandHasHelp(String command) {
        Cli.Result result = cli().runRaw(Map.of(), command, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: mcwanctl " + command).contains("--kubeconfig=FILE")
                .contains("--context=CONTEXT").contains("-o, --output=FORMAT").contains("-h, --help");
    }

    @Test
    void topLevelHelpListsTheCommandsTheSeedsLinesAndTheExitCodes() {
        Cli.Result help = cli().runRaw(Map.of(), "--help");
        Cli.Result bare = cli().runRaw(Map.of());

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("export").contains("unexport").contains("import").contains("status")
                .contains("policies").contains("tunnels").contains("completion")
                .contains("mcwanctl --context cluster-1 export payment/secure --wan-policy=high")
                .contains("Exit codes: 0 success, 1 failure, 2 usage error.");
        assertThat(bare.exitCode()).isZero();
        assertThat(bare.out()).startsWith("Usage: mcwanctl");
    }

    @Test
    void unknownOptionsCommandsAndFormatsAreUsageErrors() {
        Cli.Result option = cli().runRaw(Map.of(), "policies", "--colour");
        Cli.Result command = cli().runRaw(Map.of(), "exprot", "payment/secure");
        Cli.Result format = cli().runRaw(Map.of(), "policies", "-o", "xml");
        Cli.Result missing = cli().runRaw(Map.of(), "export", "payment/secure");

        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '--colour'").contains("Run 'mcwanctl policies --help'");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).contains("exprot").contains("Did you mean: mcwanctl export");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("xml").contains("table, json, yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--wan-policy=P'");
    }

    @Test
    void completionScriptCompletesCommandsAndOptions() {
        Cli.Result result = cli().runRaw(Map.of(), "completion");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("complete -F _complete_mcwanctl").contains("export").contains("--wan-policy")
                .contains("--ingress-gw").contains("(\"table\" \"json\" \"yaml\")");
    }

    @Test
    void versionAnswers() {
        Cli.Result result = cli().runRaw(Map.of(), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("mcwanctl ");
    }

    private Cli cli() {
        return new Cli(home.resolve("kubeconfig"), home);
    }
}
