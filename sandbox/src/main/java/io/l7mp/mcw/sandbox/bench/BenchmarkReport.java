package io.l7mp.mcw.sandbox.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;

/**
 * The markdown docs/benchmarks.md records for one gateway benchmark run: a table of every result per workload
 * (HTTP/1.1, h2c, gRPC unary, ...), then the comparisons the issues set targets for (the p99 the MCW pair adds over
 * direct at 1,000 per second, its maximum throughput and CPU per request against the HAProxy pair's), with the ratios
 * to direct and to HAProxy at every rate.
 */
final class BenchmarkReport {

    static final String DIRECT = "direct";
    static final String MCW = "mcw";
    static final String HAPROXY = "haproxy";
    /** Issues 3 and 15: the MCW pair adds no more than this to p99 at {@link #TARGET_RATE}. */
    static final double TARGET_ADDED_P99_MS = 1.0;
    static final double TARGET_RATE = 1000;

    private BenchmarkReport() {
    }

    /**
     * One measured run and the CPU time the target's proxy processes used during it, per successful request (or per
     * whatever the section's {@link Unit} counts), in microseconds (both processes of a pair together; NaN for direct,
     * which has none), and the part of it spent in user mode (NaN where the OS does not tell).
     */
    record Row(Result result, double proxyCpuMicrosPerRequest, double proxyUserMicrosPerRequest) {
    }

    /**
     * What a section's rates count.
     *
     * @param rate the unit of a rate ("req/s")
     * @param one what one of them is called in prose ("request")
     * @param abbreviation its short form in a column heading ("req")
     * @param decimals decimals of an achieved rate
     */
    record Unit(String rate, String one, String abbreviation, int decimals) {
        static final Unit REQUESTS = new Unit("req/s", "request", "req", 0);
        static final Unit CALLS = new Unit("calls/s", "call", "call", 0);
        static final Unit ROUND_TRIPS = new Unit("round trips/s", "round trip", "round trip", 0);
        static final Unit MIB = new Unit("MiB/s", "MiB", "MiB", 1);
    }

    /**
     * Which targets a section's comparisons carry a verdict for: the MCW pair's p99 over direct at {@link #TARGET_RATE},
     * its maximum throughput against the HAProxy pair's, and its CPU per request against the HAProxy pair's.
     */
    record Targets(boolean p99, boolean throughput, boolean cpu) {
        static final Targets NONE = new Targets(false, false, false);
        /** Issue 3's, for HTTP/1.1. */
        static final Targets LATENCY_AND_THROUGHPUT = new Targets(true, true, false);
        /** Issue 15's, for gRPC unary and TCP round trips. */
        static final Targets ALL = new Targets(true, true, true);
    }

    /**
     * One workload's results.
     *
     * @param title what it is ("gRPC unary")
     * @param description how it was loaded ("1024 B messages, 4 connections")
     * @param notes lines said under its table (targets that could not be measured)
     */
    record Section(String title, String description, Unit unit, Targets targets, List<Row> rows, List<String> notes) {
        Section {
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }
    }

    /** The HTTP/1.1 report of issue 3: one section, headed by its date, machine, response size and connections. */
    static String render(LocalDate date, String machine, int responseBytes, int connections, List<Row> rows) {
        return render(date, machine, List.of(new Section("HTTP/1.1", String.format(Locale.ROOT,
                "%d B responses, %d connections", responseBytes, connections), Unit.REQUESTS,
                Targets.LATENCY_AND_THROUGHPUT, rows, List.of())));
    }

    /**
     * Every section under one heading with the date and machine; a single section's description joins the heading,
     * several get a line each with their title.
     */
    static String render(LocalDate date, String machine, List<Section> sections) {
        StringBuilder md = new StringBuilder();
        if (sections.size() == 1) {
            md.append(String.format(Locale.ROOT, "#### %s: %s; %s%n%n", date, machine, sections.get(0).description()));
            section(md, sections.get(0));
            return md.toString();
        }
        md.append(String.format(Locale.ROOT, "#### %s: %s%n", date, machine));
        for (Section section : sections) {
            md.append(String.format(Locale.ROOT, "%n**%s**: %s%n%n", section.title(), section.description()));
            section(md, section);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, Section section) {
        Unit unit = section.unit();
        List<Row> rows = section.rows();
        List<Result> results = rows.stream().map(Row::result).toList();
        md.append(String.format(Locale.ROOT, "| target | load | offered (%s) | achieved (%s) | p50 (ms) | p99 (ms)"
                + " | p99.9 (ms) | max (ms) | errors | proxy CPU (µs/%s) | of which user |%n", unit.rate(),
                unit.rate(), unit.abbreviation()));
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Result r = row.result();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |%n",
                    r.target(), r.mode(), r.offeredRps() > 0 ? String.format(Locale.ROOT, "%.0f", r.offeredRps()) : "-",
                    rate(unit, r.achievedRps()), millis(r.p50Ms()), millis(r.p99Ms()), millis(r.p999Ms()),
                    millis(r.maxMs()), r.errors(), micros(row.proxyCpuMicrosPerRequest()),
                    micros(row.proxyUserMicrosPerRequest())));
        }
        for (String note : section.notes()) {
            md.append(String.format(Locale.ROOT, "%n%s%n", note));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n| comparison | figure |\n|---|---|\n");
        results.stream().filter(r -> r.offeredRps() > 0).map(Result::offeredRps).distinct().sorted()
                .forEach(rate -> latencyRows(md, section, results, rate));
        throughputRows(md, section, results);
        cpuRows(md, section, rows);
    }

    private static void latencyRows(StringBuilder md, Section section, List<Result> results, double rate) {
        Optional<Result> direct = find(results, DIRECT, rate);
        Optional<Result> mcw = find(results, MCW, rate);
        Optional<Result> haproxy = find(results, HAPROXY, rate);
        String at = String.format(Locale.ROOT, " at %.0f %s", rate, section.unit().rate());
        if (direct.isPresent() && mcw.isPresent()) {
            double added = mcw.get().p99Ms() - direct.get().p99Ms();
            String verdict = section.targets().p99() && rate == TARGET_RATE
                    ? String.format(Locale.ROOT, " (target: at most +%.1f ms, %s)", TARGET_ADDED_P99_MS,
                            added <= TARGET_ADDED_P99_MS ? "met" : "NOT met")
                    : "";
            md.append(String.format(Locale.ROOT, "| p99 added by the MCW pair over direct%s | %+.2f ms (%.2fx)%s |%n",
                    at, added, ratio(mcw.get().p99Ms(), direct.get().p99Ms()), verdict));
        }
        if (direct.isPresent() && haproxy.isPresent()) {
            md.append(String.format(Locale.ROOT, "| p99 added by the HAProxy pair over direct%s | %+.2f ms (%.2fx) |%n",
                    at, haproxy.get().p99Ms() - direct.get().p99Ms(),
                    ratio(haproxy.get().p99Ms(), direct.get().p99Ms())));
        }
        if (mcw.isPresent() && haproxy.isPresent()) {
            md.append(String.format(Locale.ROOT, "| p99 of the MCW pair / the HAProxy pair%s | %.2fx |%n", at,
                    ratio(mcw.get().p99Ms(), haproxy.get().p99Ms())));
        }
    }

    private static void throughputRows(StringBuilder md, Section section, List<Result> results) {
        Optional<Result> direct = find(results, DIRECT, 0);
        Optional<Result> mcw = find(results, MCW, 0);
        Optional<Result> haproxy = find(results, HAPROXY, 0);
        if (mcw.isPresent() && direct.isPresent()) {
            md.append(String.format(Locale.ROOT, "| maximum throughput, MCW pair / direct | %.2fx |%n",
                    ratio(mcw.get().achievedRps(), direct.get().achievedRps())));
        }
        if (haproxy.isPresent() && direct.isPresent()) {
            md.append(String.format(Locale.ROOT, "| maximum throughput, HAProxy pair / direct | %.2fx |%n",
                    ratio(haproxy.get().achievedRps(), direct.get().achievedRps())));
        }
        if (mcw.isPresent() && haproxy.isPresent()) {
            double ratio = ratio(mcw.get().achievedRps(), haproxy.get().achievedRps());
            String verdict = section.targets().throughput()
                    ? String.format(Locale.ROOT, " (target: at least 1.00x, %s)", ratio >= 1.0 ? "met" : "NOT met")
                    : "";
            md.append(String.format(Locale.ROOT, "| maximum throughput, MCW pair / HAProxy pair | %.2fx%s |%n", ratio,
                    verdict));
        }
    }

    /**
     * Proxy CPU per request of the MCW pair against the HAProxy pair, at maximum throughput: in all, and split into
     * user mode (the proxy's own code) and system mode (the kernel: the same system calls for both).
     */
    private static void cpuRows(StringBuilder md, Section section, List<Row> rows) {
        Optional<Row> mcw = rows.stream().filter(r -> r.result().target().equals(MCW) && r.result().offeredRps() == 0)
                .findFirst();
        Optional<Row> haproxy = rows.stream()
                .filter(r -> r.result().target().equals(HAPROXY) && r.result().offeredRps() == 0).findFirst();
        if (mcw.isEmpty() || haproxy.isEmpty()) {
            return;
        }
        String one = section.unit().one();
        cpuRow(md, one, "", mcw.get().proxyCpuMicrosPerRequest(), haproxy.get().proxyCpuMicrosPerRequest(),
                section.targets().cpu());
        cpuRow(md, one, " in user mode", mcw.get().proxyUserMicrosPerRequest(),
                haproxy.get().proxyUserMicrosPerRequest(), false);
        cpuRow(md, one, " in system mode",
                mcw.get().proxyCpuMicrosPerRequest() - mcw.get().proxyUserMicrosPerRequest(),
                haproxy.get().proxyCpuMicrosPerRequest() - haproxy.get().proxyUserMicrosPerRequest(), false);
    }

    private static void cpuRow(StringBuilder md, String one, String mode, double mcw, double haproxy,
            boolean verdict) {
        if (!Double.isNaN(mcw) && !Double.isNaN(haproxy)) {
            double ratio = ratio(mcw, haproxy);
            md.append(String.format(Locale.ROOT, "| proxy CPU per %s%s at maximum throughput, MCW pair / HAProxy "
                    + "pair | %.0f / %.0f µs = %.2fx%s |%n", one, mode, mcw, haproxy, ratio,
                    verdict ? String.format(Locale.ROOT, " (target: at most 1.00x, %s)", ratio <= 1.0 ? "met"
                            : "NOT met") : ""));
        }
    }

    private static String rate(Unit unit, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + unit.decimals() + "f", value);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** The result of {@code target} at {@code rate} (open loop), or its closed-loop result when rate is 0. */
    private static Optional<Result> find(List<Result> results, String target, double rate) {
        return results.stream().filter(r -> r.target().equals(target) && r.offeredRps() == rate).findFirst();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
