/** {@code mesh apply}: publishes a folder of contracts through the gateway. */
package io.meshwork.cli.apply;
