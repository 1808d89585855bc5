/**
 * A schema registry compatible with Confluent Schema Registry's REST API and wire format, for
 * Avro. Its state is an in-memory state machine rebuilt from the compacted topic
 * {@code _mesh.schemas}; every replica serves reads, and writes go through one transactional
 * writer at a time.
 */
package io.meshwork.gateway.registry;
