package io.meshwork.gateway.problem;

import io.meshwork.core.api.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds {@code application/problem+json} responses. */
public final class Problems {

    public static final String MEDIA_TYPE = Problem.MEDIA_TYPE;

    private Problems() {
    }

    public static Response response(int status, String title, String detail, String instance, List<String> problems) {
        return Response.status(status).type(MEDIA_TYPE).entity(Problem.of(status, title, detail, instance, problems))
                .build();
    }
}
