package io.meshwork.gateway.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified bearer token. */
@RequestScoped
public class Callers {

    @Inject
    JsonWebToken token;

    public Caller current() {
        Optional<String> domain = Optional.ofNullable(token.<Object>getClaim(Caller.DOMAIN_CLAIM)).map(Object::toString)
                .filter(d -> !d.isBlank());
        return new Caller(token.getName(), token.getGroups().contains(Caller.ADMIN),
                token.getGroups().contains(Caller.PRODUCER) ? domain : Optional.empty());
    }
}
