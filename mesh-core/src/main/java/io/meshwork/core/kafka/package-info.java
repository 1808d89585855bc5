/**
 * The Kafka plumbing the services share: topics created or verified against what the mesh needs,
 * partitions read to their end, and the control plane's state in compacted {@code _mesh.*} topics,
 * rebuilt on start by every replica and written by one replica at a time.
 */
package io.meshwork.core.kafka;
