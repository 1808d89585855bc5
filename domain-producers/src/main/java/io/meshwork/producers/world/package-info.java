/**
 * The demo domains' world: a seeded simulation of a food-delivery platform whose events are
 * correlated the way real ones are, and nothing else (no Kafka, no HTTP), so that its logic can be
 * tested on its own.
 */
package io.meshwork.producers.world;
