package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.LocatedYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The problems found in one contract so far, each placed at its line and field by the value's JSON pointer. */
final class Findings {

    private final Path file;
    private final LocatedYaml yaml;
    private final Set<ContractProblem> problems = new LinkedHashSet<>();
    private final Set<String> pointers = new HashSet<>();

    Findings(Path file, LocatedYaml yaml) {
        this.file = file;
        this.yaml = yaml;
    }

    Path file() {
        return file;
    }

    /** A problem with the value at the pointer, or where it would be when it is missing. */
    void at(String pointer, String message) {
        pointers.add(pointer);
        problems.add(new ContractProblem(file, yaml.line(pointer), LocatedYaml.field(pointer), message));
    }

    /** A problem with another file, such as the schema beside the contract. */
    void inFile(Path other, String message) {
        problems.add(new ContractProblem(other, 0, "", message));
    }

    /** Whether a problem was found at the pointer already. */
    boolean has(String pointer) {
        return pointers.contains(pointer);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<ContractProblem> all() {
        return new ArrayList<>(problems);
    }
}
