package io.meshwork.core.api;

import java.util.List;

/**
 * The body of {@code POST /v1/contracts}.
 *
 * @param contracts the contracts to apply, each with the schema files it names
 * @param domains the domain definitions to apply
 */
public record ApplyRequest(List<ContractFile> contracts, List<DomainFile> domains) {
}
