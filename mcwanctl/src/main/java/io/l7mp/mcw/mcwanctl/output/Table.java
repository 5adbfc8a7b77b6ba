package io.l7mp.mcw.mcwanctl.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table in the style of {@code kubectl get}: upper-case headers, columns padded, three spaces apart. */
public final class Table {

    private static final String GAP = "   ";
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; a null cell prints as {@code <none>}, like kubectl. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, expected " + headers.size()
                    + " (" + headers + "): " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        return render("");
    }

    /** Every line starts with {@code indent}; no trailing blanks. */
    public String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, indent, headers, widths);
        rows.forEach(row -> line(out, indent, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length())).append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object value) {
        if (value == null) {
            return "<none>";
        }
        String text = value.toString().replace('\n', ' ');
        return text.isEmpty() ? "<none>" : text;
    }

    /** A figure as printed in tables: at most two decimals, no trailing zeros ({@code 12.5}, {@code 0}). */
    public static String number(Double value) {
        if (value == null) {
            return null;
        }
        String text = String.format(java.util.Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
