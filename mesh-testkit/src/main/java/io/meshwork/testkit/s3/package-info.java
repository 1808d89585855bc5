/** A real S3 API (s3proxy on a filesystem backend) as a child process, and clients for it. */
package io.meshwork.testkit.s3;
