package io.meshwork.archiver.archive;

import java.util.List;

/**
 * What the archiver is about to upload for one partition, written before the files: if the batch's
 * offsets are not committed when the partition is next assigned, these files are not part of the
 * lake yet and are deleted before the batch is written again.
 *
 * @param firstOffset the batch's first offset (the committed offset when it began)
 * @param lastOffset its last offset; the commit that completes it is {@code lastOffset + 1}
 * @param keys the S3 keys of its files
 */
public record Intent(long firstOffset, long lastOffset, List<String> keys) {

    /** Whether the batch is complete, given the partition's committed offset (null: none yet). */
    public boolean committed(Long committedOffset) {
        return committedOffset != null && committedOffset > lastOffset;
    }
}
