/** What a row of the lake is: the event with its personal data pseudonymized, plus where it was in Kafka. */
package io.meshwork.archiver.lake;
