package io.meshwork.producers.load;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the demo has sent, per topic: events handed to Kafka or the gateway, and what became of
 * them (acknowledged, rejected by a contract, failed). Also exported as {@code mesh.demo.events}.
 */
@ApplicationScoped
public class LoadSummary {

    /** The counts of one topic. */
    public record Counts(long sent, long acknowledged, long rejected, long failed) {

        public long inFlight() {
            return sent - acknowledged - rejected - failed;
        }
    }

    private final Map<String, AtomicLong[]> byTopic = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    LoadSummary(MeterRegistry meters) {
        this.meters = meters;
    }

    public void sent(String topic) {
        count(topic, 0, "sent");
    }

    public void acknowledged(String topic) {
        count(topic, 1, "acknowledged");
    }

    public void rejected(String topic) {
        count(topic, 2, "rejected");
    }

    public void failed(String topic) {
        count(topic, 3, "failed");
    }

    /** Counts per topic, sorted by topic. */
    public Map<String, Counts> counts() {
        Map<String, Counts> counts = new TreeMap<>();
        byTopic.forEach((topic, c) -> counts.put(topic, new Counts(c[0].get(), c[1].get(), c[2].get(), c[3].get())));
        return counts;
    }

    public Counts total() {
        return counts().values().stream().reduce(new Counts(0, 0, 0, 0), (a, b) -> new Counts(a.sent + b.sent,
                a.acknowledged + b.acknowledged, a.rejected + b.rejected, a.failed + b.failed));
    }

    /** The summary as a table, for the log. */
    public String table(Duration elapsed, double targetRate) {
        StringBuilder table = new StringBuilder(String.format("%-42s %10s %12s %9s %7s%n", "topic", "sent", "acknowledged",
                "rejected", "failed"));
        counts().forEach((topic, c) -> table.append(String.format("%-42s %10d %12d %9d %7d%n", topic, c.sent,
                c.acknowledged, c.rejected, c.failed)));
        Counts total = total();
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        table.append(String.format("%-42s %10d %12d %9d %7d%n", "total", total.sent, total.acknowledged, total.rejected,
                total.failed));
        table.append(String.format("%.1f s, %.1f events/s sent (target %.1f)", seconds, total.sent / seconds, targetRate));
        return table.toString();
    }

    private void count(String topic, int index, String outcome) {
        byTopic.computeIfAbsent(topic, t -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong(),
                new AtomicLong()})[index].incrementAndGet();
        meters.counter("mesh.demo.events", "topic", topic, "outcome", outcome).increment();
    }
}
