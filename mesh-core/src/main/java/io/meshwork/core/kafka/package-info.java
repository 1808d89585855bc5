/** Small Kafka administration the services share. */
package io.meshwork.core.kafka;
