package io.l7mp.mcw.telemetry.adapter.udp;

import java.net.Inet6Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.api.net.IpLiteral;
import io.l7mp.mcw.api.probe.TunnelProbe;
import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

/**
 * Probes every target tunnel over one UDP socket (DESIGN D5). Everything about the tunnels lives on the socket's
 * event-loop context: the targets handed in by {@link #update} from any thread are applied there, the probe timer
 * fires there, echoes arrive there. Nothing on that path takes a lock.
 * <p>
 * Every probe interval each tunnel sends its next probe to its peer, is evaluated, and publishes when the domain
 * says so. An echo is matched to its tunnel by the address and port it came from. A target's address is checked by
 * {@link TargetAddresses} before anything is sent to it; a refused one is never probed.
 */
public final class TunnelProber {
    private static final Logger LOGGER = Logger.getLogger(TunnelProber.class);
    private static final long RETRY_MILLIS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final String sourceCluster;
    private final ProbeSettings settings;
    private final Duration publishInterval;
    private final Optional<String> sourceAddress;
    private final TargetAddresses addresses;
    private final ProbeListener listener;
    private final Clock clock;

    // confined to the context
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<Peer, ProbedTunnel> byPeer = new HashMap<>();
    private final Set<String> tombstonesDue = new HashSet<>();
    private DatagramSocket socket;
    private long timer = -1;
    private boolean stopped;

    private volatile String bindProblem = "the probe socket to bind";

    /** A planned tunnel: its target and where checking its address got. */
    private static final class Slot {
        ProbeTarget target;
        ProbedTunnel probing;
        String refusal;
        /** Refused because another tunnel probes the same peer: tried again when that one stops. */
        boolean peerTaken;
        long check;
    }

    /**
     * @param sourceAddress {@code mcw.network.wan-source-address}: the socket binds to it (port 0), else to the
     *        wildcard of IPv4
     */
    public TunnelProber(Vertx vertx, String sourceCluster, ProbeSettings settings, Duration publishInterval,
            AllowedNetworks allowed, Optional<String> sourceAddress, ProbeListener listener, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.sourceCluster = sourceCluster;
        this.settings = settings;
        this.publishInterval = publishInterval;
        this.sourceAddress = sourceAddress;
        this.addresses = new TargetAddresses(allowed, ipv6());
        this.listener = listener;
        this.clock = clock;
    }

    /** Binds the socket and starts the probe timer, in the background (retried until it binds). */
    public void start() {
        context.runOnContext(v -> bind());
    }

    /** Probe exactly these tunnels from now on; callable from any thread. */
    public void update(List<ProbeTarget> targets) {
        List<ProbeTarget> copy = List.copyOf(targets);
        context.runOnContext(v -> apply(copy));
    }

    /** Empty once the socket is bound; until then what is missing. */
    public Optional<String> bindProblem() {
        return Optional.ofNullable(bindProblem);
    }

    /** Closes the socket; waits up to a few seconds for that. Tombstones nothing: a restart is not a withdrawal. */
    public void stop() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            stopped = true;
            vertx.cancelTimer(timer);
            byPeer.values().forEach(ProbedTunnel::close);
            byPeer.clear();
            if (socket == null) {
                closed.complete(null);
            } else {
                socket.close().onComplete(done -> closed.complete(null));
            }
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.warnf("probe socket not closed within 5 s: %s", e.toString());
        }
    }

    private boolean ipv6() {
        return sourceAddress.flatMap(IpLiteral::parse).map(a -> a instanceof Inet6Address).orElse(false);
    }

    private void bind() {
        if (stopped) {
            return;
        }
        String host = sourceAddress.orElse("0.0.0.0");
        DatagramSocket candidate = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(ipv6()));
        candidate.handler(this::onDatagram);
        candidate.exceptionHandler(e -> LOGGER.warnf("probe socket error: error=%s", e.toString()));
        candidate.listen(0, host).onComplete(bound -> {
            if (bound.succeeded() && !stopped) {
                socket = candidate;
                bindProblem = null;
                timer = vertx.setPeriodic(settings.interval().toMillis(), id -> tick());
                LOGGER.infof("probing from local=%s interval=%d ms tunnels=%d", candidate.localAddress(),
                        settings.interval().toMillis(), slots.size());
            } else if (!stopped) {
                bindProblem = "the probe socket to bind to " + host + " (" + bound.cause().getMessage() + ")";
                LOGGER.errorf("cannot bind the probe socket: address=%s error=%s; trying again in %d ms", host,
                        bound.cause().getMessage(), RETRY_MILLIS);
                candidate.close();
                vertx.setTimer(RETRY_MILLIS, id -> bind());
            }
        });
    }

    private void apply(List<ProbeTarget> targets) {
        if (stopped) {
            return;
        }
        Map<String, ProbeTarget> wanted = new LinkedHashMap<>();
        targets.forEach(target -> wanted.put(target.key(sourceCluster), target));
        for (String key : new ArrayList<>(slots.keySet())) {
            if (!wanted.containsKey(key)) {
                release(key, slots.remove(key));
            }
        }
        wanted.forEach((key, target) -> {
            Slot slot = slots.get(key);
            if (slot == null) {
                slot = new Slot();
                slots.put(key, slot);
                aim(key, slot, target);
            } else if (!slot.target.address().equals(target.address()) || slot.target.port() != target.port()) {
                // another path: the figures of the old one say nothing about it
                release(key, slot);
                aim(key, slot, target);
            } else {
                slot.target = target;
                if (slot.probing != null) {
                    slot.probing.retarget(target);
                }
            }
        });
    }

    /** Checks the target's address; probing starts once it is allowed. */
    private void aim(String key, Slot slot, ProbeTarget target) {
        slot.target = target;
        long check = ++slot.check;
        addresses.check(target.address(), target.port(), context).onSuccess(verdict -> {
            if (stopped || slots.get(key) != slot || slot.check != check) {
                return; // the target changed or went away meanwhile
            }
            if (verdict instanceof TargetAddresses.Verdict.Allowed allowed) {
                start(key, slot, Peer.of(allowed.address(), target.port()));
            } else if (verdict instanceof TargetAddresses.Verdict.Refused refused) {
                refuse(key, slot, refused.reason());
                if (refused.transientFailure()) {
                    vertx.setTimer(RETRY_MILLIS, id -> {
                        if (slots.get(key) == slot && slot.check == check) {
                            aim(key, slot, slot.target);
                        }
                    });
                }
            }
        });
    }

    private void start(String key, Slot slot, Peer peer) {
        ProbedTunnel other = byPeer.get(peer);
        if (other != null) {
            slot.peerTaken = true;
            refuse(key, slot, "probes to " + peer + " already belong to tunnel "
                    + other.target().key(sourceCluster) + ": echoes could not be told apart");
            return;
        }
        slot.peerTaken = false;
        slot.refusal = null;
        tombstonesDue.remove(key);
        Instant now = clock.instant();
        long firstSequence = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        slot.probing = new ProbedTunnel(sourceCluster, slot.target, peer, settings, publishInterval, firstSequence, now,
                listener.probing(key, slot.target), task -> context.runOnContext(v -> task.run()));
        byPeer.put(peer, slot.probing);
        LOGGER.infof("probing tunnel: key=%s peer=%s policies=%d", key, peer, slot.target.policies().size());
    }

    /** Logged and counted once per reason, not once per attempt. */
    private void refuse(String key, Slot slot, String reason) {
        if (!reason.equals(slot.refusal)) {
            slot.refusal = reason;
            listener.refused(key, slot.target, reason);
        }
    }

    /** Stops probing the slot's tunnel, if it was; its key gets a tombstone. */
    private void release(String key, Slot slot) {
        slot.check++;
        if (slot.probing == null) {
            return;
        }
        byPeer.remove(slot.probing.peer());
        slot.probing.close();
        slot.probing = null;
        LOGGER.infof("stopped probing tunnel: key=%s", key);
        tombstone(key);
        slots.forEach((waitingKey, waiting) -> {
            if (waiting.peerTaken && waiting != slot) {
                waiting.peerTaken = false;
                aim(waitingKey, waiting, waiting.target); // its peer may be free now
            }
        });
    }

    private void tombstone(String key) {
        listener.stopped(key).whenComplete((done, failure) -> {
            if (failure != null) {
                context.runOnContext(v -> tombstonesDue.add(key));
            }
        });
    }

    private void tick() {
        long now = System.nanoTime();
        Instant wallClock = clock.instant();
        for (ProbedTunnel tunnel : byPeer.values()) {
            send(tunnel, tunnel.nextProbe(now));
            tunnel.assess(now, wallClock);
        }
        if (!tombstonesDue.isEmpty()) {
            for (String key : List.copyOf(tombstonesDue)) {
                tombstonesDue.remove(key);
                Slot slot = slots.get(key);
                if (slot == null || slot.probing == null) {
                    tombstone(key);
                }
            }
        }
    }

    private void send(ProbedTunnel tunnel, TunnelProbe probe) {
        Peer peer = tunnel.peer();
        socket.send(Buffer.buffer(probe.encode()), peer.port(), peer.host(), sent -> {
            if (sent.failed()) {
                if (tunnel.sendFailed()) {
                    LOGGER.warnf("cannot send probes: key=%s peer=%s error=%s",
                            tunnel.target().key(sourceCluster), peer, sent.cause().toString());
                }
            } else if (tunnel.sendSucceeded()) {
                LOGGER.infof("sending probes again: key=%s peer=%s", tunnel.target().key(sourceCluster), peer);
            }
        });
    }

    private void onDatagram(DatagramPacket packet) {
        long now = System.nanoTime();
        Buffer data = packet.data();
        Optional<TunnelProbe> echo = data.length() == TunnelProbe.SIZE ? TunnelProbe.decode(data.getBytes())
                : Optional.empty();
        if (echo.isEmpty()) {
            listener.ignored(ProbeListener.UNDECODABLE);
            return;
        }
        ProbedTunnel tunnel = byPeer.get(Peer.ofSender(packet.sender().host(), packet.sender().port()));
        if (tunnel == null) {
            listener.ignored(ProbeListener.UNKNOWN_SENDER);
            return;
        }
        tunnel.onEcho(echo.get(), now);
    }
}
