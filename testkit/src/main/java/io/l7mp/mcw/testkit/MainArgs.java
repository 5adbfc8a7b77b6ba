package io.l7mp.mcw.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of the testkit's runnable mains.
 */
final class MainArgs {

    private final String usage;
    private final Map<String, String> values = new HashMap<>();

    private MainArgs(String usage) {
        this.usage = usage;
    }

    /** Parses {@code args}; every option must be one of {@code known} and have a value. */
    static MainArgs parse(String[] args, Set<String> known, String usage) {
        MainArgs parsed = new MainArgs(usage);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("Unknown option '" + name + "'. Usage: " + usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + name + " needs a value. Usage: " + usage);
            }
            parsed.values.put(name.substring(2), args[i + 1]);
        }
        return parsed;
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing option --" + name + ". Usage: " + usage);
        }
        return value;
    }

    String optional(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** With {@code --parent-pid P}: exits (running shutdown hooks) once process P is gone. */
    void exitWithParent() {
        String parentPid = optional("parent-pid", "");
        if (parentPid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parentPid)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }

    int requiredPort(String name) {
        String value = required(name);
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option --" + name + " must be a TCP port (0-65535), got '" + value + "'");
        }
    }
}
