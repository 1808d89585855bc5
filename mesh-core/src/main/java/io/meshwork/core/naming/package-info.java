/** The names of data products, their topics and their registry subjects. */
package io.meshwork.core.naming;
