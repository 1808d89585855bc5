/** What the archiver needs to know of each product, read from the gateway's catalog API. */
package io.meshwork.archiver.catalog;
