/**
 * Archiving: a consumer group over every product and dead-letter topic that assembles each
 * partition's records into Parquet files, and makes a batch of files and its offset commit one
 * step through a write-ahead intent, so that a crash at any point leaves every record in the lake
 * exactly once.
 */
package io.meshwork.archiver.archive;
