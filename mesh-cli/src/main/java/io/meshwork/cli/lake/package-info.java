/** {@code mesh lake}: SQL over the S3 lake with DuckDB, one view per data product. */
package io.meshwork.cli.lake;
