package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code bin/sandbox --help} prints {@code sandbox/help.txt} when nothing is built yet: it must say what the built
 * launcher says. After changing an option, regenerate it with {@code COLUMNS=80 MCW_SKIP_BUILD=1 bin/sandbox --help
 * > sandbox/help.txt}.
 */
class SandboxHelpTest {

    @Test
    void theCommittedHelpIsWhatTheLauncherPrints() throws Exception {
        // Given
        StringWriter printed = new StringWriter();
        CommandLine command = new CommandLine(new SandboxMain()).setOut(new PrintWriter(printed));

        // When
        int code = command.execute("--help");

        // Then: the same words (line breaks depend on the terminal's width)
        assertThat(code).isZero();
        String committed = Files.readString(RepoRoot.find().resolve("sandbox").resolve("help.txt"));
        assertThat(words(committed)).as("sandbox/help.txt is out of date; regenerate it (see this test's javadoc)")
                .isEqualTo(words(printed.toString()));
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
