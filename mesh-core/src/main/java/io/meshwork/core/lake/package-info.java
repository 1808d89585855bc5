/** The lake's layout on S3: where each archived file goes, and the columns every row carries besides the event. */
package io.meshwork.core.lake;
