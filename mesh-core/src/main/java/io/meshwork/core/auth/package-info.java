/** The mesh's bearer tokens: RS256 JWTs with the caller's roles and, for a producer, its domain. */
package io.meshwork.core.auth;
