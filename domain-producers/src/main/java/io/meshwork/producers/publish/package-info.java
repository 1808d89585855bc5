/**
 * How the demo domains publish: four JVM services natively through Kafka with Meshwork's
 * serializer, and the app's backend in JSON batches through the gateway's HTTP API.
 */
package io.meshwork.producers.publish;
