/**
 * Data-contract quality rules: CEL expressions over an event, type-checked against the event's
 * Avro schema when compiled, evaluated against Avro records. A rule sees the event as
 * {@code message} (as in Confluent's data-contract rules) and the evaluation time as {@code now}.
 * CEL has no decimal type: Avro decimals reach rules as doubles, so compare sums of money within
 * half a unit of their scale rather than with {@code ==}.
 */
package io.meshwork.core.rules;
