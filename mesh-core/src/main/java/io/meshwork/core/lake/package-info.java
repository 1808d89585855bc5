/** The columns every lake row carries besides its event, and the lake's names in Kafka headers and SQL. */
package io.meshwork.core.lake;
