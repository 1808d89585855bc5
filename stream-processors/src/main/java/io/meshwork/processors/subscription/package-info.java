/**
 * Subscriptions at run time: definitions and grants followed from their compacted topics into
 * global stores, filters compiled once per subscription version and schema, and one router that
 * sends each event to every subscription that wants it, projected and with personal data masked
 * unless the consumer holds a grant.
 */
package io.meshwork.processors.subscription;
