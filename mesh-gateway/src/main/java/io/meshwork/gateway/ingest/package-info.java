/**
 * Governed ingestion over HTTP: batches of plain-JSON events for a product version, converted to
 * Avro with the contract's schema, checked against its rules, published with CloudEvents headers
 * once Kafka acknowledges them; rejected events go to the domain's dead-letter topic.
 */
package io.meshwork.gateway.ingest;
