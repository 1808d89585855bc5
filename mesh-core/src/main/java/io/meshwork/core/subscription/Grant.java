package io.meshwork.core.subscription;

import java.time.Instant;

/**
 * Permission for a consumer to see a product's personal data in clear in its deliveries. Given
 * and revoked by the product's domain.
 *
 * @param product the product topic
 * @param consumer the consumer it is granted to
 * @param grantedBy who granted it
 * @param grantedAt when
 * @param reason why, for the audit trail
 */
public record Grant(String product, String consumer, String grantedBy, Instant grantedAt, String reason) {

    /** The compacted topic that holds every grant, keyed by {@link #key()}. */
    public static final String TOPIC = "_mesh.grants";

    public String key() {
        return key(product, consumer);
    }

    public static String key(String product, String consumer) {
        return product + "/" + consumer;
    }
}
