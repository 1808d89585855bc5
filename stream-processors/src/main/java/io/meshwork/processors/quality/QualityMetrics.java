package io.meshwork.processors.quality;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's Prometheus metrics, per product topic. Rates are counters, so that Prometheus
 * computes them over any range and sums them over instances; freshness is a gauge of the newest
 * event's age beside the contract's promise.
 */
public final class QualityMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> newest = new ConcurrentHashMap<>();

    public QualityMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void event(String topic, Instant eventTime, Optional<Duration> freshnessSla) {
        registry.counter("mesh_quality_events_total", "topic", topic).increment();
        newest.computeIfAbsent(topic, t -> {
            AtomicLong millis = new AtomicLong(Long.MIN_VALUE);
            Gauge.builder("mesh_quality_newest_event_age_seconds", millis,
                            m -> m.get() == Long.MIN_VALUE ? Double.NaN : (clock.millis() - m.get()) / 1000.0)
                    .tag("topic", t).description("How old the newest event of the product is").register(registry);
            freshnessSla.ifPresent(sla -> Gauge.builder("mesh_quality_freshness_sla_seconds", sla,
                            s -> s.toMillis() / 1000.0)
                    .tag("topic", t).description("How fresh the contract promises the product to be").register(registry));
            return millis;
        }).accumulateAndGet(eventTime.toEpochMilli(), Math::max);
    }

    void checked(String topic) {
        registry.counter("mesh_quality_checked_total", "topic", topic).increment();
    }

    void violation(String topic, String rule) {
        registry.counter("mesh_quality_violations_total", "topic", topic, "rule", rule).increment();
    }

    void nullField(String topic, String field) {
        registry.counter("mesh_quality_nulls_total", "topic", topic, "field", field).increment();
    }

    void undecodable(String topic) {
        registry.counter("mesh_quality_undecodable_total", "topic", topic).increment();
    }

    void unknownProduct(String topic) {
        registry.counter("mesh_quality_unknown_product_total", "topic", topic).increment();
    }
}
