package io.meshwork.gateway.registry;

import java.util.List;

/**
 * An expected registry failure, with the HTTP status and Confluent error code that Confluent's
 * clients understand, and a message that says what to do.
 */
public final class RegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;
    private final List<String> details;

    RegistryException(int status, int errorCode, String message, List<String> details) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.details = List.copyOf(details);
    }

    RegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, List.of());
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** Further lines, such as each incompatibility. */
    public List<String> details() {
        return details;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, String version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, 40403, "Schema " + what + " not found.");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, 40404, "Subject '" + subject + "' was soft deleted. Set permanent=true"
                + " to delete permanently");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, 40405, "Subject '" + subject + "' was not deleted first before being"
                + " permanently deleted");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40406, "Subject '" + subject + "' Version " + version + " was soft deleted."
                + " Set permanent=true to delete permanently");
    }

    static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40407, "Subject '" + subject + "' Version " + version + " was not deleted"
                + " first before being permanently deleted");
    }

    static RegistryException subjectLevelConfigNotFound(String subject) {
        return new RegistryException(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility"
                + " configured");
    }

    static RegistryException subjectLevelModeNotFound(String subject) {
        return new RegistryException(404, 40409, "Subject '" + subject + "' does not have subject-level mode"
                + " configured");
    }

    static RegistryException invalidSchema(String message) {
        return new RegistryException(422, 42201, "Invalid schema: " + message);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id."
                + " Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are none,"
                + " backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryException invalidMode(String mode) {
        return new RegistryException(422, 42204, "Invalid mode '" + mode + "'. Valid values are READWRITE, READONLY,"
                + " READONLY_OVERRIDE and IMPORT");
    }

    static RegistryException operationNotPermitted(String message) {
        return new RegistryException(422, 42205, message);
    }

    static RegistryException incompatible(String message, List<String> incompatibilities) {
        return new RegistryException(409, 409, message, incompatibilities);
    }

    static RegistryException forbidden(String message) {
        return new RegistryException(403, 40301, message);
    }

    static RegistryException unavailable(String message) {
        return new RegistryException(503, 50003, message);
    }
}
