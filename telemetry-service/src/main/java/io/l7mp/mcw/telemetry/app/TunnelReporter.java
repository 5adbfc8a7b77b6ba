package io.l7mp.mcw.telemetry.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.telemetry.adapter.kafka.TunnelHealthPublisher;
import io.l7mp.mcw.telemetry.adapter.udp.ProbeListener;
import io.l7mp.mcw.telemetry.domain.EchoOutcome;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.l7mp.mcw.telemetry.domain.Publication;
import io.l7mp.mcw.telemetry.domain.TunnelAssessment;

/**
 * Everything the prober reports goes out from here: health events to Kafka and to the gRPC watchers, meters, and a
 * log line on every change of a tunnel's state and on every refused address.
 * <p>
 * Publications leave the prober's event loop: they are serialized and handed to Kafka and the watchers on a thread
 * of their own, one at a time and in order (a tombstone never overtakes the last event of its key). On the event
 * loop they would delay the echoes that arrive meanwhile, and every such delay is measured as round-trip time.
 */
@ApplicationScoped
public class TunnelReporter implements ProbeListener {
    private static final Logger LOGGER = Logger.getLogger(TunnelReporter.class);

    private final ExecutorService publications = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mcw-tunnel-health-publisher");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    TunnelHealthPublisher publisher;

    @Inject
    TunnelMetrics metrics;

    @Inject
    TunnelHealthBoard board;

    @Inject
    ClusterConfig cluster;

    @Override
    public TunnelListener probing(String key, ProbeTarget target) {
        return new Report(key, metrics.forTunnel(cluster.name(), target));
    }

    @PreDestroy
    void stop() {
        publications.shutdown();
    }

    @Override
    public CompletionStage<Void> stopped(String key) {
        return offLoop(() -> {
            board.removed(key);
            return publisher.tombstone(key);
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                LOGGER.warnf("cannot publish the tombstone of a tunnel no longer probed: key=%s error=%s; sending it"
                        + " again at the next probe interval", key, failure.toString());
            } else {
                LOGGER.infof("published tombstone: key=%s", key);
            }
        });
    }

    @Override
    public void refused(String key, ProbeTarget target, String reason) {
        metrics.refused(target.destinationCluster());
        LOGGER.warnf("not probing tunnel: key=%s address=%s port=%d reason=\"%s\"", key, target.address(),
                target.port(), reason);
    }

    @Override
    public void ignored(String reason) {
        metrics.ignored(reason);
    }

    /** Runs {@code send} on the publications' thread; the stage completes when the broker has the record. */
    private CompletionStage<Void> offLoop(Supplier<CompletionStage<Void>> send) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            publications.execute(() -> {
                try {
                    send.get().whenComplete((ok, failure) -> {
                        if (failure != null) {
                            done.completeExceptionally(failure);
                        } else {
                            done.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e); // shutting down
        }
        return done;
    }

    private final class Report implements TunnelListener {
        private final String key;
        private final TunnelMeters meters;
        private final AtomicBoolean failing = new AtomicBoolean();

        Report(String key, TunnelMeters meters) {
            this.key = key;
            this.meters = meters;
        }

        @Override
        public void probeSent() {
            meters.probeSent();
        }

        @Override
        public void echo(EchoOutcome outcome) {
            meters.echo(outcome);
        }

        @Override
        public void assessed(TunnelAssessment assessment, TunnelState previous) {
            meters.record(assessment, previous);
            if (assessment.state() != previous) {
                TunnelFigures figures = assessment.figures().rounded();
                LOGGER.infof("tunnel state changed: key=%s from=%s to=%s reason=\"%s\" rtt_ms=%s rtt_p99_ms=%s"
                        + " jitter_ms=%s loss_percent=%s samples=%d", key, previous, assessment.state(),
                        assessment.reason(), figures.rttMs(), figures.rttP99Ms(), figures.jitterMs(),
                        figures.lossPercent(), figures.samples());
            }
        }

        @Override
        public CompletionStage<Void> publish(TunnelHealthEvent event, Publication.Cause cause) {
            return offLoop(() -> {
                board.published(event);
                return publisher.publish(event);
            }).whenComplete((done, failure) -> {
                if (failure != null && failing.compareAndSet(false, true)) {
                    LOGGER.warnf("cannot publish tunnel health: key=%s state=%s error=%s; publishing again at the"
                            + " next probe interval", key, event.state(), failure.toString());
                } else if (failure == null && failing.compareAndSet(true, false)) {
                    LOGGER.infof("publishing tunnel health again: key=%s state=%s cause=%s", key, event.state(),
                            cause);
                }
            });
        }

        @Override
        public void closed() {
            meters.close();
        }
    }
}
