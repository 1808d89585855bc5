/** Personal data out of the lake: fields a contract classifies {@code pii} become keyed pseudonyms before writing. */
package io.meshwork.archiver.pii;
