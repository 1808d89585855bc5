/** What the post-publish quality monitor reports per product partition and minute, in {@code _mesh.quality}. */
package io.meshwork.core.quality;
