/** Events written as plain JSON, as HTTP producers send them, turned into Avro records of a contract's schema. */
package io.meshwork.core.json;
