package io.meshwork.core.contract;

import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.api.ContractFile;
import io.meshwork.core.api.DomainFile;
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
 * @param contracts each with the schema files it names
 * @param domains the domain definitions
 */
public record ContractBundle(List<ContractFile> contracts, List<DomainFile> domains) {

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
        List<ContractFile> contracts = new ArrayList<>();
        List<DomainFile> domains = new ArrayList<>();
        for (Path file : files(folder)) {
            String name = file.getFileName().toString();
            if (name.equals(DomainLoader.FILE)) {
                domains.add(new DomainFile(folder.relativize(file).toString(), text(file)));
            } else if (name.matches(".+\\.v[0-9]+\\.ya?ml")) {
                String yaml = text(file);
                Map<String, String> schemas = new LinkedHashMap<>();
                ContractLoader.schemaFileOf(yaml).map(file::resolveSibling).filter(Files::isRegularFile)
                        .ifPresent(schema -> schemas.put(schema.getFileName().toString(), text(schema)));
                contracts.add(new ContractFile(folder.relativize(file).toString(), yaml, Map.copyOf(schemas)));
            }
        }
        return new ContractBundle(List.copyOf(contracts), List.copyOf(domains));
    }

    public boolean isEmpty() {
        return contracts.isEmpty() && domains.isEmpty();
    }

    /** The request body of {@code POST /v1/contracts}. */
    public ApplyRequest request() {
        return new ApplyRequest(contracts, domains);
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
