package io.meshwork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;

/** Prints what the gateway refused and why, from its problem+json answer. */
public final class GatewayRefusal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayRefusal() {
    }

    /** Prints the refusal and returns the exit status for it, 1. */
    public static int print(PrintWriter err, HttpResponse<String> response) {
        return print(err, response.statusCode(), response.body());
    }

    /** Prints the refusal of an answer with this status and body; returns 1. */
    public static int print(PrintWriter err, int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            err.println("mesh: " + problem.path("title").asText("refused") + " (HTTP " + status + "): "
                    + problem.path("detail").asText(""));
            for (JsonNode line : problem.path("problems")) {
                err.println("  " + line.asText());
            }
        } catch (IOException notJson) {
            err.println("mesh: the gateway answered HTTP " + status + ": " + body);
        }
        return 1;
    }
}
