package io.l7mp.mcw.mcwanctl.output;

/** {@code -o}: a table for people, or JSON / YAML for scripts. */
public enum OutputFormat {
    table,
    json,
    yaml
}
