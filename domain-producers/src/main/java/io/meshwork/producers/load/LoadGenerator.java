package io.meshwork.producers.load;

import io.meshwork.producers.publish.GatewayPublisher;
import io.meshwork.producers.publish.NativePublisher;
import io.meshwork.producers.world.DemoEvent;
import io.meshwork.producers.world.DemoWorld;
import io.meshwork.producers.world.JsonEvent;
import io.meshwork.producers.world.NativeEvent;
import io.meshwork.core.lifecycle.ServiceExit;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Draws events from the demo world at the target rate and hands each to its domain's publisher,
 * until stopped or for the configured duration. With a duration it is a load generator: it logs
 * progress every ten seconds, waits for the last confirmations, logs a summary, and exits.
 */
@ApplicationScoped
public class LoadGenerator {

    private static final Logger LOG = Logger.getLogger(LoadGenerator.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final DemoSettings settings;
    private final NativePublisher nativePublisher;
    private final GatewayPublisher gatewayPublisher;
    private final LoadSummary summary;
    private volatile boolean running;
    private Thread thread;

    LoadGenerator(DemoSettings settings, NativePublisher nativePublisher, GatewayPublisher gatewayPublisher,
                  LoadSummary summary) {
        this.settings = settings;
        this.nativePublisher = nativePublisher;
        this.gatewayPublisher = gatewayPublisher;
        this.summary = summary;
    }

    void start(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("The demo producers are disabled (mesh.demo.enabled=false)");
            return;
        }
        if (settings.rate() <= 0) {
            throw new IllegalArgumentException("mesh.demo.rate must be above 0 events per second, got " + settings.rate());
        }
        long seed = settings.seed().orElseGet(System::nanoTime);
        LOG.infof("Producing demo events at %.1f/s %s (seed %d)", settings.rate(),
                settings.duration().map(d -> "for " + d.toString().substring(2).toLowerCase()).orElse("until stopped"),
                seed);
        running = true;
        thread = new Thread(() -> run(new DemoWorld(seed)), "demo-load");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            try {
                thread.join(DRAIN.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(DemoWorld world) {
        long begin = System.nanoTime();
        long end = settings.duration().map(d -> begin + d.toNanos()).orElse(Long.MAX_VALUE);
        long pacedFrom = begin;
        long pacedCount = 0;
        long nextProgress = begin + TimeUnit.SECONDS.toNanos(10);
        try {
            while (running && System.nanoTime() < end) {
                long now = System.nanoTime();
                long due = (long) (settings.rate() * (now - pacedFrom) / 1e9);
                if (due - pacedCount > settings.rate()) {
                    // More than a second behind (a slow broker, a paused JVM): do not burst to catch up.
                    LOG.debugf("Behind the target rate by %d events; pacing from now", due - pacedCount);
                    pacedFrom = now;
                    pacedCount = 0;
                    due = 0;
                }
                while (pacedCount < due && summary.total().inFlight() < settings.maxInFlight()) {
                    publish(world.next(Instant.now()));
                    pacedCount++;
                }
                gatewayPublisher.flushDue();
                if (settings.duration().isPresent() && now >= nextProgress) {
                    LoadSummary.Counts total = summary.total();
                    LOG.infof("%d events sent, %d acknowledged, %d rejected, %d failed", total.sent(),
                            total.acknowledged(), total.rejected(), total.failed());
                    nextProgress += TimeUnit.SECONDS.toNanos(10);
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
        } catch (RuntimeException e) {
            LOG.error("The demo producers stopped on an unexpected error", e);
        } finally {
            gatewayPublisher.flushAll();
            drain();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            if (settings.duration().isPresent()) {
                LOG.info("Load summary:\n" + summary.table(elapsed, settings.rate()));
            } else {
                LOG.debug("Demo summary:\n" + summary.table(elapsed, settings.rate()));
            }
            if (running && settings.duration().isPresent()) {
                ServiceExit.exit("the load generator", summary.total().failed() == 0 ? 0 : 1, Quarkus::asyncExit);
            }
        }
    }

    private void publish(DemoEvent event) {
        if (event instanceof NativeEvent nativeEvent) {
            nativePublisher.publish(nativeEvent);
        } else {
            gatewayPublisher.publish((JsonEvent) event);
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (summary.total().inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toMillis(50) * 1_000_000);
        }
        long left = summary.total().inFlight();
        if (left > 0) {
            LOG.warnf("%d event(s) were still unconfirmed after %s", left, DRAIN);
        }
    }
}
