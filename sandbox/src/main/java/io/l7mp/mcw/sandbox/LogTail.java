package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a process log, for error messages that should not need a second look elsewhere. */
final class LogTail {

    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file}, indented, or a note saying why there are none. */
    static String of(Path file, int lines) {
        if (!Files.exists(file)) {
            return "    (" + file + " does not exist)";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "    (" + file + " is empty)" : "    " + String.join("\n    ", last);
        } catch (IOException e) {
            return "    (cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
