package io.meshwork.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A product's quality in the latest period (a minute by default) the monitor reported: the answer
 * of {@code GET /v1/products/{topic}/quality}.
 *
 * @param reportedAt when the monitor last reported
 * @param eventsPerMinute the rate of events over the latest period, over all partitions
 * @param events the events of the latest period
 * @param checked how many were checked against the rules (those published natively)
 * @param violationRate the share of checked events that broke a rule
 * @param violationsByRule events per broken rule
 * @param nullRates the share of events with each field null
 * @param newestEventTime the newest event time seen
 * @param freshnessSla the contract's freshness promise, if any
 * @param newestEventAge how old the newest event is now
 * @param fresh whether the newest event is within the SLA; absent without an SLA
 * @param maxDelay the longest time from an event's time until the monitor saw it, in the minute
 */
public record ProductQuality(Instant reportedAt, long eventsPerMinute, long events, long checked, double violationRate,
                             Map<String, Long> violationsByRule, Map<String, Double> nullRates,
                             Instant newestEventTime, Duration freshnessSla, Duration newestEventAge, Boolean fresh,
                             Duration maxDelay) {
}
