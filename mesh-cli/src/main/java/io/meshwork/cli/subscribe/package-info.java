/** {@code mesh subscribe}: a consumer's subscriptions through the gateway, and their events as they come. */
package io.meshwork.cli.subscribe;
