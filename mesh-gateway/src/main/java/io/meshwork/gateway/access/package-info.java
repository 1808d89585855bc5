/**
 * Kafka access: who may connect to the brokers and what each principal may do there. The access
 * manager keeps every principal's SCRAM credential and ACLs equal to what the catalog implies,
 * and hands a caller its own credentials.
 */
package io.meshwork.gateway.access;
