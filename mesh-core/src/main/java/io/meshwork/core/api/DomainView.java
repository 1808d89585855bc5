package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A domain as {@code GET /v1/domains} lists it. The fields after {@code products} come from the
 * domain's definition, and are absent when it has none.
 *
 * @param domain its name
 * @param teams the teams named by its products' contracts
 * @param products its products' topics
 * @param owner the owning team, from its definition
 * @param contacts how to reach it
 * @param tokenSubjects the token subjects that may act for it
 * @param allowlist the networks its producers may publish from, as CIDRs
 * @param quotaEventsPerSecond its ingestion quota, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainView(String domain, List<String> teams, List<String> products, String owner, List<String> contacts,
                         List<String> tokenSubjects, List<String> allowlist, Integer quotaEventsPerSecond) {
}
