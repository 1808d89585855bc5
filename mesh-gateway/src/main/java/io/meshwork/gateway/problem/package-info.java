/** Errors of the gateway's own API as {@code application/problem+json} (RFC 9457). */
package io.meshwork.gateway.problem;
