package io.l7mp.mcw.gateway.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the kernel says about this machine's TCP sockets, through iproute2's {@code ss}. */
final class Sockets {
    private static final Pattern TOS = Pattern.compile("\\btos:(0x[0-9a-f]+|0)\\b");

    private Sockets() {
    }

    static boolean ssAvailable() {
        try {
            run("ss", "-V");
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The TOS byte of every established connection whose destination port is {@code port}, as ss prints it. */
    static List<String> tosOfConnectionsTo(int port) throws IOException, InterruptedException {
        // filtered here, not with ss' own "dport" expression, which also matched some server-side sockets of
        // IPv4-mapped IPv6 listeners
        String output = run("ss", "-tnH", "--tos", "state", "established");
        List<String> tos = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // Recv-Q Send-Q Local:Port Peer:Port ...
            if (columns.length < 4 || !columns[3].endsWith(":" + port)) {
                continue;
            }
            Matcher m = TOS.matcher(line);
            if (m.find()) {
                tos.add(m.group(1));
            }
        }
        return tos;
    }

    /** Runs a command and returns its output; fails unless it exits 0 within 10 s. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 10 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
