/** {@code mesh contracts}: data contracts as code, checked where they are written. */
package io.meshwork.cli.contracts;
