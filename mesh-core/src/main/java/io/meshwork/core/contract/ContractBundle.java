package io.meshwork.core.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder of contracts as the gateway's {@code POST /v1/contracts} takes it: every
 * {@code <event>.v<major>.yaml} with its {@code .avsc}, and every {@code domain.yaml}, by path
 * relative to the folder.
 *
 * @param contracts each with {@code path}, {@code yaml} and {@code schemas} (file name to text)
 * @param domains each with {@code path} and {@code yaml}
 */
public record ContractBundle(List<Map<String, Object>> contracts, List<Map<String, Object>> domains) {

    /**
     * Reads a folder and its subfolders.
     *
     * @throws IllegalArgumentException when the folder does not exist
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ContractBundle read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        List<Map<String, Object>> contracts = new ArrayList<>();
        List<Map<String, Object>> domains = new ArrayList<>();
        for (Path file : files(folder)) {
            String name = file.getFileName().toString();
            if (name.equals(DomainLoader.FILE)) {
                domains.add(Map.of("path", folder.relativize(file).toString(), "yaml", text(file)));
            } else if (name.matches(".+\\.v[0-9]+\\.ya?ml")) {
                String yaml = text(file);
                Map<String, String> schemas = new LinkedHashMap<>();
                ContractLoader.schemaFileOf(yaml).map(file::resolveSibling).filter(Files::isRegularFile)
                        .ifPresent(schema -> schemas.put(schema.getFileName().toString(), text(schema)));
                contracts.add(Map.of("path", folder.relativize(file).toString(), "yaml", yaml, "schemas", schemas));
            }
        }
        return new ContractBundle(List.copyOf(contracts), List.copyOf(domains));
    }

    public boolean isEmpty() {
        return contracts.isEmpty() && domains.isEmpty();
    }

    /** The request body of {@code POST /v1/contracts}, ready for a JSON writer. */
    public Map<String, Object> body() {
        return Map.of("contracts", contracts, "domains", domains);
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
