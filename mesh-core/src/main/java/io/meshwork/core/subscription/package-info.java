/**
 * Subscriptions and grants as the control plane records them: a consumer's filtered, projected
 * view of one or more products, delivered to its own topic, and the grants that let a consumer see
 * a product's personal data in clear.
 */
package io.meshwork.core.subscription;
