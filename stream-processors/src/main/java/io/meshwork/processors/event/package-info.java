/** Events as the processors see them: a product record decoded once with the registry's schema. */
package io.meshwork.processors.event;
