package io.meshwork.core.rules;

/**
 * One quality rule of a data contract.
 *
 * @param name a short identifier, unique within the contract, e.g. {@code positive-total}
 * @param expression a CEL expression that is true for a good event, e.g. {@code message.total > 0}
 * @param description what the rule protects, for people reading a rejection
 */
public record QualityRule(String name, String expression, String description) {
}
