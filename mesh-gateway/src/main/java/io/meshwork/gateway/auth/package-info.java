/**
 * Who is calling: bearer tokens (JWT, RS256) name a principal, its roles ({@code admin},
 * {@code producer}, {@code consumer}) and, for a producer, the domain it acts for.
 */
package io.meshwork.gateway.auth;
