/**
 * Kafka serializers, deserializers and a Kafka Streams serde for Avro in Confluent's wire format
 * (magic byte 0, a 4-byte big-endian schema id, Avro binary), with a caching client for any
 * Confluent-compatible schema registry. They take Confluent's property names.
 */
package io.meshwork.core.serde;
