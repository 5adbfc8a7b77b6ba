/**
 * The telemetry-service's decisions (DESIGN D5), in plain Java: no Quarkus, Vert.x, Netty, Kafka or fabric8 type
 * appears here (event records and the probe codec of {@code io.l7mp.mcw.api} do). Nothing reads a clock: monotonic
 * time comes in as {@code System.nanoTime()}-style nanoseconds, wall-clock time as an {@code Instant}. The per-tunnel
 * objects are not thread-safe; the adapter confines each tunnel's objects to one thread (its event loop).
 *
 * <h2>Planning (on every change of the policies or exports view)</h2>
 * {@link io.l7mp.mcw.telemetry.domain.ProbeTargets#plan} gives the tunnels to probe and notices to log. Diff the
 * targets against the tunnels being probed by {@code ProbeTarget.key(ownCluster)}: start new ones, stop gone ones
 * (and publish a tombstone for their key), and hand changed policies or a changed address to the running ones.
 *
 * <h2>Per tunnel</h2>
 * One {@link io.l7mp.mcw.telemetry.domain.TunnelProbes}, one {@link io.l7mp.mcw.telemetry.domain.TunnelHealth}, one
 * {@link io.l7mp.mcw.telemetry.domain.HealthPublishing}. Every {@code ProbeSettings.interval()}:
 * <ol>
 * <li>{@code probes.tick(now)}; send {@code probes.nextProbe(now).encode()} to {@code target.address():port()};</li>
 * <li>{@code health.evaluate(probes.status(), target.policies(), clock.instant())};</li>
 * <li>{@code publishing.decide(assessment.toEvent(ownCluster, target), now)}: publish the event of a
 * {@code Publish}; when that send fails, {@code publishing.sendFailed()}, and the next decision publishes again.</li>
 * </ol>
 * On each datagram received from the tunnel: {@code TunnelProbe.decode(...)}, then
 * {@code probes.onEcho(echo, System.nanoTime())} and count the {@link io.l7mp.mcw.telemetry.domain.EchoOutcome}.
 * Evaluating after an echo as well makes a recovery visible sooner; it is never needed for correctness.
 */
package io.l7mp.mcw.telemetry.domain;
