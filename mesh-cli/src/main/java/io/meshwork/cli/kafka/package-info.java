/** {@code mesh kafka-config}: the settings a native Kafka client of the mesh connects with. */
package io.meshwork.cli.kafka;
