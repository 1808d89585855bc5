package io.meshwork.cli.lake;

import io.meshwork.core.lake.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A local copy of the lake's files for the topics a query reads, kept up to date by ETag: a
 * query downloads only what is new or changed since the last one, and forgets files the lake no
 * longer has.
 */
final class LakeMirror {

    private static final String ETAGS = ".etags";

    private final S3Client s3;
    private final String bucket;
    private final Path root;

    LakeMirror(S3Client s3, String bucket, Path root) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root;
    }

    /** The topics the lake has, by their top-level folders. */
    List<String> topics() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).delimiter("/")).commonPrefixes().stream()
                .map(CommonPrefix::prefix).map(p -> p.substring(0, p.length() - 1))
                .filter(p -> !p.equals("_mesh")).sorted().toList();
    }

    /** Brings a topic's local copy up to date; reports each download. Returns the topic's local folder. */
    Path sync(String topic, Consumer<String> progress) {
        return sync(topic, key -> true, progress);
    }

    /** Brings the local copies of a topic's files that {@code wanted} selects up to date. */
    Path sync(String topic, Predicate<LakePaths.FileKey> wanted, Consumer<String> progress) {
        Path folder = root.resolve(topic);
        Properties etags = etags(folder);
        Map<String, String> remote = new HashMap<>();
        List<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(LakePaths.topicPrefix(topic)))
                .contents().stream().filter(o -> LakePaths.parse(o.key()).filter(wanted).isPresent()).toList();
        List<S3Object> missing = new ArrayList<>();
        for (S3Object object : objects) {
            String relative = object.key().substring(topic.length() + 1);
            remote.put(relative, object.eTag());
            if (!object.eTag().equals(etags.getProperty(relative)) || !Files.isRegularFile(folder.resolve(relative))) {
                missing.add(object);
            }
        }
        int done = 0;
        for (S3Object object : missing) {
            String relative = object.key().substring(topic.length() + 1);
            Path target = folder.resolve(relative);
            download(object.key(), target);
            etags.setProperty(relative, object.eTag());
            progress.accept(String.format("  %s: %d/%d file(s) downloaded", topic, ++done, missing.size()));
        }
        Set<String> gone = etags.stringPropertyNames().stream().filter(k -> !remote.containsKey(k)).collect(Collectors.toSet());
        for (String relative : gone) {
            delete(folder.resolve(relative));
            etags.remove(relative);
        }
        save(folder, etags);
        return folder;
    }

    private void download(String key, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            s3.getObject(b -> b.bucket(bucket).key(key), partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static Properties etags(Path folder) {
        Properties etags = new Properties();
        Path file = folder.resolve(ETAGS);
        if (Files.isRegularFile(file)) {
            try (var reader = Files.newBufferedReader(file)) {
                etags.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return etags;
    }

    private static void save(Path folder, Properties etags) {
        try {
            Files.createDirectories(folder);
            try (var writer = Files.newBufferedWriter(folder.resolve(ETAGS))) {
                etags.store(writer, "ETags of the files copied from the lake");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(ETAGS), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Whether a folder holds at least one Parquet file. */
    static boolean hasFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(f -> f.toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
