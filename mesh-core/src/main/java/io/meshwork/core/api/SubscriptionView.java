package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshwork.core.subscription.Subscription;
import java.time.Instant;
import java.util.List;

/**
 * A subscription as the subscriptions API answers it.
 *
 * @param consumer whose it is
 * @param name its name, unique per consumer
 * @param sources the product topics it reads
 * @param filter its CEL filter, if any
 * @param fields the fields it delivers; empty for whole events
 * @param version how often it was saved
 * @param deliveryTopic the topic its deliveries go to
 * @param events the path of its server-sent events
 * @param updatedBy who saved it last
 * @param updatedAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(String consumer, String name, List<String> sources, String filter, List<String> fields,
                               int version, String deliveryTopic, String events, String updatedBy, Instant updatedAt) {

    public static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.consumer(), s.name(), s.sources(), s.filterExpression().orElse(null), s.fields(),
                s.version(), s.deliveryTopic(), "/v1/subscriptions/" + s.name() + "/events", s.updatedBy(),
                s.updatedAt());
    }
}
