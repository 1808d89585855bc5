/**
 * The stream processors: one Kafka Streams application that reads every data product once and
 * serves subscriptions, derived products (windowed aggregates, enrichments) and the post-publish
 * quality monitor.
 */
package io.meshwork.processors;
