package io.meshwork.gateway.access;

import io.meshwork.core.access.AccessPlan;
import io.meshwork.core.access.AccessView;
import io.meshwork.core.access.KafkaCredentials;
import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.jboss.logging.Logger;

/**
 * Keeps the brokers' SCRAM credentials and ACLs equal to the {@link AccessPlan} of the catalog: it
 * stores the credential of every principal the plan names, creates the ACLs the plan has and the
 * brokers lack, and deletes every other ACL (drift, or access that the catalog took away), except
 * those of the brokers' super users and of principals it is told to keep. It runs on every change
 * of the catalog, grants or registrations, on a fixed interval, and when a caller needs it done now.
 */
public final class AccessReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AccessReconciler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WATCH = Duration.ofMillis(250);
    private static final ScramCredentialInfo SCRAM = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
            KafkaCredentials.ITERATIONS);

    /** What one pass changed. */
    public record Outcome(int credentialsStored, int aclsCreated, int aclsDeleted) {

        boolean changedAnything() {
            return credentialsStored + aclsCreated + aclsDeleted > 0;
        }
    }

    private final Admin admin;
    private final KafkaCredentials credentials;
    private final Set<String> kept;
    private final MeterRegistry meters;
    private final Object lock = new Object();
    private volatile boolean credentialsRefreshed;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;
    private volatile boolean closed;
    private Thread watcher;

    /**
     * @param admin a client of the access manager, a super user
     * @param credentials derives every principal's password
     * @param keepPrincipals principals whose ACLs are never touched, besides the super users
     * @param meters where changes are counted
     */
    public AccessReconciler(Admin admin, KafkaCredentials credentials, Collection<String> keepPrincipals,
                            MeterRegistry meters) {
        this.admin = admin;
        this.credentials = credentials;
        Set<String> keep = new HashSet<>();
        MeshPrincipals.SUPER_USERS.forEach(p -> keep.add(MeshPrincipals.user(p)));
        keepPrincipals.forEach(p -> keep.add(MeshPrincipals.user(p)));
        this.kept = Set.copyOf(keep);
        this.meters = meters;
    }

    /**
     * Stores the services' credentials and adds their ACLs from a view that may lack the catalog,
     * deleting nothing: what the gateway's own clients need before they read the control topics.
     */
    public Outcome addServices(AccessView view) {
        synchronized (lock) {
            Map<String, Set<AclBinding>> plan = AccessPlan.services(view);
            int stored = store(plan.keySet(), true);
            Set<AclBinding> present = existingAcls();
            List<AclBinding> missing = plan.values().stream().flatMap(Set::stream).filter(b -> !present.contains(b)).toList();
            create(missing);
            return counted(new Outcome(stored, missing.size(), 0));
        }
    }

    /** Makes the brokers match the plan of the view; throws when Kafka cannot be reached. */
    public Outcome reconcile(AccessView view) {
        synchronized (lock) {
            try {
                Map<String, Set<AclBinding>> plan = AccessPlan.of(view);
                int stored = store(plan.keySet(), !credentialsRefreshed);
                credentialsRefreshed = true;
                Set<AclBinding> wanted = new HashSet<>();
                plan.values().forEach(wanted::addAll);
                Set<AclBinding> present = existingAcls();
                List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
                List<AclBinding> extra = present.stream()
                        .filter(b -> !wanted.contains(b) && !kept.contains(b.entry().principal())).toList();
                create(missing);
                delete(extra);
                Outcome outcome = counted(new Outcome(stored, missing.size(), extra.size()));
                lastSuccess = Instant.now();
                lastFailure = null;
                return outcome;
            } catch (ControlLogUnavailableException e) {
                lastFailure = e.getMessage();
                throw e;
            }
        }
    }

    /** Deletes a principal's credential, so that it can no longer authenticate; its ACLs go on the next pass. */
    public void forget(String principal) {
        synchronized (lock) {
            Map<String, ?> users = await(admin.describeUserScramCredentials().all(), "read the stored credentials");
            if (users.containsKey(principal)) {
                await(admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(principal,
                        ScramMechanism.SCRAM_SHA_512))).all(), "delete the credential of " + principal);
                LOG.infof("Deleted the Kafka credential of %s", principal);
            }
        }
    }

    /**
     * Reconciles in the background: whenever {@code changes} moves, and at least every {@code interval}.
     * A pass that fails is tried again on the next tick.
     */
    public void start(Supplier<AccessView> view, LongSupplier changes, Duration interval) {
        watcher = new Thread(() -> watch(view, changes, interval), "kafka-access-reconciler");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch(Supplier<AccessView> view, LongSupplier changes, Duration interval) {
        long seen = Long.MIN_VALUE;
        long due = 0;
        while (!closed) {
            long now = System.nanoTime();
            long current = changes.getAsLong();
            if (current != seen || now - due >= 0) {
                try {
                    reconcile(view.get());
                    seen = current;
                    due = now + interval.toNanos();
                } catch (RuntimeException e) {
                    LOG.warnf("Kafka access is not reconciled yet, trying again: %s", e.getMessage());
                    LOG.debug("Reconciling Kafka access failed", e);
                    due = now + Duration.ofSeconds(5).toNanos();
                    seen = current;
                }
            }
            LockSupport.parkNanos(WATCH.toNanos());
        }
    }

    /** When the brokers last matched the plan, if ever. */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Why the last pass failed, if it did. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** The password of a principal, as its stored credential has it. */
    public String password(String principal) {
        return credentials.password(principal);
    }

    private int store(Collection<String> principals, boolean all) {
        Set<String> existing = await(admin.describeUserScramCredentials().all(), "read the stored credentials").keySet();
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String principal : principals) {
            if (all || !existing.contains(principal)) {
                upserts.add(new UserScramCredentialUpsertion(principal, SCRAM, credentials.password(principal)));
            }
        }
        if (!upserts.isEmpty()) {
            await(admin.alterUserScramCredentials(upserts).all(), "store " + upserts.size() + " credential(s)");
        }
        return upserts.size();
    }

    private Set<AclBinding> existingAcls() {
        return new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "read the ACLs"));
    }

    private void create(List<AclBinding> bindings) {
        if (!bindings.isEmpty()) {
            bindings.forEach(b -> LOG.debugf("Allowing %s", b));
            await(admin.createAcls(bindings).all(), "create " + bindings.size() + " ACL(s)");
        }
    }

    private void delete(List<AclBinding> bindings) {
        if (!bindings.isEmpty()) {
            bindings.forEach(b -> LOG.debugf("Removing %s", b));
            await(admin.deleteAcls(bindings.stream().map(AclBinding::toFilter).toList()).all(),
                    "delete " + bindings.size() + " ACL(s)");
        }
    }

    private Outcome counted(Outcome outcome) {
        if (outcome.changedAnything()) {
            LOG.infof("Kafka access: %d credential(s) stored, %d ACL(s) created, %d deleted", outcome.credentialsStored(),
                    outcome.aclsCreated(), outcome.aclsDeleted());
            meters.counter("mesh.kafka.access.changes", "change", "credential-stored").increment(outcome.credentialsStored());
            meters.counter("mesh.kafka.access.changes", "change", "acl-created").increment(outcome.aclsCreated());
            meters.counter("mesh.kafka.access.changes", "change", "acl-deleted").increment(outcome.aclsDeleted());
        }
        return outcome;
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ControlLogUnavailableException("cannot " + what + " on Kafka: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ControlLogUnavailableException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s to "
                    + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlLogUnavailableException("interrupted while trying to " + what);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
            try {
                watcher.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admin.close(Duration.ofSeconds(5));
    }
}
