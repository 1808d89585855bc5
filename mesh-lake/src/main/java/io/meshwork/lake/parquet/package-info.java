/** Parquet files of Avro records written and read with parquet-avro but without Hadoop: local files, plain configuration, ZSTD through zstd-jni. */
package io.meshwork.lake.parquet;
