/** The products the processors work with, read from the gateway's catalog and kept fresh. */
package io.meshwork.processors.catalog;
