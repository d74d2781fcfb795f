package io.cxpulse.server;

import io.cxpulse.server.auth.Passwords;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.auth.Tokens;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Creates teams, agents and dashboard users, keeping the in-memory directory in step with the store. */
public final class Provisioning {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** The demo fleet's logins, as printed at start. */
    public record DemoLogins(String adminPassword, Map<String, String> supervisorPasswords) {}

    /** A demo agent and the token the simulator uses. */
    public record DemoAgent(String agentId, String token, String displayName, String team) {}

    static final List<Rows.Team> DEMO_TEAMS =
            List.of(new Rows.Team("north", "North team"), new Rows.Team("south", "South team"));

    private static final List<String> DEMO_NAMES = List.of(
            "Amira Haddad",
            "Ben Okafor",
            "Chen Wei",
            "Dana Kowalski",
            "Elif Yilmaz",
            "Farid Rahimi",
            "Grace Mensah",
            "Hiro Tanaka",
            "Ines Duarte",
            "Jonas Berg",
            "Kavya Iyer",
            "Liam O'Brien",
            "Maya Cohen",
            "Nikolai Petrov",
            "Olivia Brown",
            "Pablo Ruiz",
            "Liu Qing",
            "Rosa Martins",
            "Samir Nasser",
            "Tess Walker",
            "Uma Patel",
            "Viktor Horvat",
            "Zhang Wen",
            "Yara Silva");

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Consumer<String> agentKeyed;

    public Provisioning(Vertx vertx, Store store, Directory directory) {
        this(vertx, store, directory, agentId -> {});
    }

    /** {@code agentKeyed} hears of every agent given a new token, once the store has it. */
    public Provisioning(Vertx vertx, Store store, Directory directory, Consumer<String> agentKeyed) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.agentKeyed = agentKeyed;
    }

    /** Password hashing is slow on purpose: it runs on a worker, never on an event loop nor the store's writer. */
    private Future<String> hash(String password) {
        return vertx.executeBlocking(() -> Passwords.hash(password), false);
    }

    /** Reloads the directory from the store. */
    public Future<Void> reload() {
        return store.read(c -> Map.entry(Queries.teams(c), Queries.agents(c))).map(e -> {
            directory.replace(e.getKey(), e.getValue());
            return null;
        });
    }

    /** Creates a team, or renames it. */
    public Future<Void> team(String id, String name) {
        try {
            requireId("team", id);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Rows.Team team = new Rows.Team(id, name == null || name.isBlank() ? id : name);
        return store.<Void>transaction(c -> {
                    Queries.upsertTeam(c, team);
                    return null;
                })
                .onSuccess(v -> directory.put(team));
    }

    /**
     * Creates an agent (or replaces its name, team and token) and returns its new token: the only time the token is
     * visible, as the store keeps only its hash. The team is created when missing.
     */
    public Future<String> agent(String agentId, String displayName, String team) {
        try {
            requireId("agentId", agentId);
            requireId("team", team);
            if (displayName == null || displayName.isBlank() || displayName.length() > 128) {
                throw new IllegalArgumentException("displayName must be 1-128 characters");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String token = Tokens.newToken();
        Rows.Agent row = new Rows.Agent(agentId, displayName, team, Tokens.hash(token), null);
        return store.<Rows.Team>transaction(c -> {
                    Rows.Team t = Queries.teams(c).stream()
                            .filter(x -> x.id().equals(team))
                            .findFirst()
                            .orElse(null);
                    if (t == null) {
                        t = new Rows.Team(team, team);
                        Queries.upsertTeam(c, t);
                    }
                    Queries.upsertAgent(c, row);
                    return t;
                })
                .map(t -> {
                    directory.put(t);
                    directory.put(row);
                    agentKeyed.accept(agentId);
                    return token;
                });
    }

    /** Creates a dashboard user or resets its password, role and team. */
    public Future<Void> user(String username, String password, Role role, String team) {
        try {
            requireId("username", username);
            if (role == Role.SUPERVISOR) {
                requireId("team", team);
            }
            if (password == null || password.length() < 8) {
                throw new IllegalArgumentException("password must be at least 8 characters");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return hash(password)
                .compose(hash -> store.transaction(c -> {
                    Queries.upsertUser(c, new Rows.User(username, hash, role.wire(), role == Role.ADMIN ? null : team));
                    return null;
                }));
    }

    /**
     * When no dashboard user exists yet, creates {@code admin} with a random password and returns it, so a fresh
     * server can be logged into.
     */
    public Future<Optional<String>> bootstrapAdmin() {
        String password = Passwords.randomPassword();
        return store.read(Queries::countUsers).compose(users -> {
            if (users > 0) {
                return Future.succeededFuture(Optional.<String>empty());
            }
            return hash(password)
                    .compose(hash -> store.transaction(c -> {
                        if (Queries.countUsers(c) > 0) {
                            return Optional.<String>empty();
                        }
                        Queries.upsertUser(c, new Rows.User("admin", hash, Role.ADMIN.wire(), null));
                        return Optional.of(password);
                    }));
        });
    }

    /** Outside demo mode no clear token may stay in the store. */
    public Future<Integer> forgetDemoTokens() {
        return store.transaction(Queries::clearDemoTokens);
    }

    /**
     * Provisions the demo center, idempotently: two teams, agents {@code agent-01}..{@code agent-24} alternating
     * between them (tokens kept across restarts), a supervisor per team and an admin, whose passwords are reset to
     * fresh random ones on every call.
     */
    public Future<DemoLogins> demo() {
        String adminPassword = Passwords.randomPassword();
        Map<String, String> supervisors = new LinkedHashMap<>();
        for (Rows.Team t : DEMO_TEAMS) {
            supervisors.put("supervisor-" + t.id(), Passwords.randomPassword());
        }
        return vertx.executeBlocking(
                        () -> {
                            Map<String, String> hashes = new LinkedHashMap<>();
                            hashes.put("admin", Passwords.hash(adminPassword));
                            supervisors.forEach((user, pw) -> hashes.put(user, Passwords.hash(pw)));
                            return hashes;
                        },
                        false)
                .compose(hashes -> store.transaction(c -> {
                    provisionDemo(c, hashes);
                    return null;
                }))
                .compose(v -> reload())
                .map(v -> new DemoLogins(adminPassword, Collections.unmodifiableMap(supervisors)));
    }

    /** {@code hashes}: the admin's and then each supervisor's password hash, by username. */
    private static void provisionDemo(Connection c, Map<String, String> hashes) throws SQLException {
        for (Rows.Team t : DEMO_TEAMS) {
            Queries.upsertTeam(c, t);
        }
        Map<String, Rows.Agent> existing = new LinkedHashMap<>();
        for (Rows.Agent a : Queries.agents(c)) {
            existing.put(a.id(), a);
        }
        for (int i = 1; i <= DEMO_NAMES.size(); i++) {
            String id = String.format("agent-%02d", i);
            String team = DEMO_TEAMS.get((i - 1) % DEMO_TEAMS.size()).id();
            Rows.Agent old = existing.get(id);
            String token = old != null && old.demoToken() != null ? old.demoToken() : Tokens.newToken();
            Queries.upsertAgent(c, new Rows.Agent(id, DEMO_NAMES.get(i - 1), team, Tokens.hash(token), token));
        }
        int i = 0;
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            if (e.getKey().equals("admin")) {
                Queries.upsertUser(c, new Rows.User("admin", e.getValue(), Role.ADMIN.wire(), null));
            } else {
                Queries.upsertUser(
                        c,
                        new Rows.User(
                                e.getKey(),
                                e.getValue(),
                                Role.SUPERVISOR.wire(),
                                DEMO_TEAMS.get(i++).id()));
            }
        }
    }

    /** The demo agents whose tokens are retrievable (demo mode only). */
    public List<DemoAgent> demoAgents() {
        List<DemoAgent> out = new ArrayList<>();
        for (Rows.Agent a : directory.agents()) {
            if (a.demoToken() != null) {
                out.add(new DemoAgent(a.id(), a.demoToken(), a.displayName(), a.team()));
            }
        }
        return out;
    }

    private static void requireId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
    }
}
