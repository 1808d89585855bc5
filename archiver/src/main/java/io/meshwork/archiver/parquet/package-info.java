/** Parquet files written with parquet-avro but without Hadoop: local files, plain configuration, ZSTD through zstd-jni. */
package io.meshwork.archiver.parquet;
