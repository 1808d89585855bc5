package io.meshwork.gateway.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Produce quotas per domain on this gateway replica: a token bucket per domain that holds one
 * second of events and refills continuously at the domain's rate.
 */
final class Quotas {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes {@code events} from the domain's bucket; returns 0 when they fit, else the seconds to wait
     * before the batch would fit (the bucket is left untouched then).
     */
    long acquire(String domain, int eventsPerSecond, int events) {
        Bucket bucket = buckets.compute(domain, (d, b) -> b == null || b.rate != eventsPerSecond
                ? new Bucket(eventsPerSecond) : b);
        return bucket.take(events);
    }

    private static final class Bucket {
        private final int rate;
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int rate) {
            this.rate = rate;
            this.tokens = rate;
        }

        synchronized long take(int events) {
            long now = System.nanoTime();
            tokens = Math.min(rate, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= events) {
                tokens -= events;
                return 0;
            }
            return (long) Math.ceil((events - tokens) / rate);
        }
    }
}
