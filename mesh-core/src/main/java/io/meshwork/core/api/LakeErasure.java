package io.meshwork.core.api;

/**
 * An erasure of rows from a lake table, as the audit trail keeps it: first when it is about to
 * happen ({@code erasedRows} and {@code snapshot} still null), then once it has.
 *
 * @param topic the topic whose table it is
 * @param where the SQL predicate of the rows erased
 * @param erasedRows how many rows the erasure removed
 * @param rewrittenFiles how many data files it rewrote or dropped
 * @param snapshot the snapshot that no longer holds the rows; every older one was expired with the files it held
 */
public record LakeErasure(String topic, String where, Long erasedRows, Integer rewrittenFiles, Long snapshot) {
}
