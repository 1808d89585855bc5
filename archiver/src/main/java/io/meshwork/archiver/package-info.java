/**
 * The archiver: follows every data product and dead-letter topic and writes their events to the S3
 * lake as Parquet, exactly once across crashes and rebalances, with personal data pseudonymized.
 */
package io.meshwork.archiver;
