/**
 * Subscriptions and PII grants: consumers register filtered, projected views of products, which
 * the stream processors deliver to {@code _sub.<consumer>.<name>}; the gateway also streams a
 * subscription's deliveries as server-sent events. Owning domains grant consumers their products'
 * personal data in clear.
 */
package io.meshwork.gateway.subscription;
