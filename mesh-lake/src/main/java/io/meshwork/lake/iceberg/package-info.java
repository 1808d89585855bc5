/** The lake's Apache Iceberg tables: their names, schemas, catalog, data files and committed Kafka offsets. */
package io.meshwork.lake.iceberg;
