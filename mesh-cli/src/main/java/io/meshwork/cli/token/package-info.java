/** {@code mesh token}: mints bearer tokens for the dev mesh. */
package io.meshwork.cli.token;
