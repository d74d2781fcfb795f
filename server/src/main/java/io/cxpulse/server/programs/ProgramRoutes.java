package io.cxpulse.server.programs;

import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveySpecs;
import io.cxpulse.server.Topics;
import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.FeatureRoutes;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.auth.Tokens;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Survey programs (see docs/api.md): programs and their immutable versions, activating one per team, which version
 * each agent runs, the figures of one version, and prompts: uploaded WAV files (converted to the line format),
 * draft voices made with espeak-ng, and their audio by content hash for the dashboard and for agents.
 */
public final class ProgramRoutes implements FeatureRoutes {
    private static final Logger log = LoggerFactory.getLogger(ProgramRoutes.class);
    /** Where prompt recordings are uploaded: the API's one route that takes audio rather than JSON. */
    public static final String UPLOAD_PATH = "/api/prompts";

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final int MAX_NAME = 100;
    private static final int MAX_SPEAK = 500;

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;
    private final DraftVoice voice;

    /** {@code zone} is the center's, whose days the figures of a version are counted in. */
    public ProgramRoutes(Vertx vertx, Store store, Directory directory, Clock clock, ZoneId zone, DraftVoice voice) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
        this.voice = voice;
    }

    @Override
    public Set<String> uploadPaths() {
        return Set.of(UPLOAD_PATH);
    }

    @Override
    public void mountPublic(Router router) {
        // Agents fetch prompts with their own credentials; a request without them goes on to the session check.
        router.get("/api/prompts/:hash").handler(this::promptForAgent);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/programs").handler(this::list);
        router.post("/api/programs").handler(this::create);
        router.get("/api/programs/:id").handler(this::program);
        router.post("/api/programs/:id/versions").handler(this::save);
        router.get("/api/programs/:id/versions/:version").handler(this::version);
        router.get("/api/programs/:id/versions/:version/results").handler(this::results);
        router.get("/api/teams/:team/program").handler(this::teamProgram);
        router.post("/api/teams/:team/program").handler(this::activate);
        router.get("/api/agents/programs").handler(this::agents);
        router.get("/api/prompts").handler(this::prompts);
        router.post("/api/prompts").handler(this::upload);
        router.post("/api/prompts/speak").handler(this::speak);
        router.get("/api/prompts/:hash").handler(ctx -> prompt(ctx, ctx.pathParam("hash")));
    }

    private static Principal admin(RoutingContext ctx, String what) {
        Principal p = Requests.principal(ctx);
        if (p.role() != Role.ADMIN) {
            throw ApiException.forbidden("only an admin may " + what);
        }
        return p;
    }

    private static String programId(String id) {
        if (id == null || !SurveySpecs.ID.matcher(id).matches()) {
            throw ApiException.badRequest("id: must be a letter then up to 39 letters, digits, '-' or '_', got "
                    + (id == null ? "nothing" : "\"" + id + "\""));
        }
        return id;
    }

    private static int versionParam(RoutingContext ctx) {
        try {
            int v = Integer.parseInt(ctx.pathParam("version"));
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version must be a whole number 1 or more");
        }
    }

    private static String name(Object value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_NAME) {
            throw ApiException.badRequest("name: required, text of 1-" + MAX_NAME + " characters");
        }
        return s.strip();
    }

    private void list(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        store.read(c -> {
                    JsonArray programs = new JsonArray();
                    for (ProgramStore.Version v : ProgramStore.latest(c)) {
                        JsonObject row = v.summary().put("latestVersion", v.version());
                        row.remove("version");
                        programs.add(row);
                    }
                    JsonArray teams = new JsonArray();
                    Map<String, ProgramStore.Activation> active = ProgramStore.activations(c);
                    for (Rows.Team t : directory.teams()) {
                        if (p.sees(t.id())) {
                            ProgramStore.Activation a = active.get(t.id());
                            teams.add(new JsonObject()
                                    .put("team", t.id())
                                    .put("name", t.name())
                                    .put("active", a == null ? null : a.toJson()));
                        }
                    }
                    return new JsonObject().put("programs", programs).put("teams", teams);
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        Principal p = admin(ctx, "create survey programs");
        JsonObject body = Requests.body(ctx);
        String id = programId(body.getValue("id") instanceof String s ? s : null);
        String name = name(body.getValue("name"), true);
        long now = clock.millis();
        store.transaction(c -> {
                    ProgramDrafts.Draft d = ProgramDrafts.read(body, id, ProgramStore.promptHashes(c));
                    ProgramStore.createProgram(c, id, name, p.username(), now);
                    ProgramStore.addVersion(c, id, d.survey(), d.audience(), d.note(), p.username(), now);
                    return ProgramStore.version(c, id, 1).orElseThrow();
                })
                .onSuccess(v -> {
                    log.info("Admin {} created survey program {}", p.username(), id);
                    ctx.response().setStatusCode(201);
                    ctx.json(v.toJson());
                })
                .onFailure(ctx::fail);
    }

    private void save(RoutingContext ctx) {
        Principal p = admin(ctx, "change survey programs");
        String id = programId(ctx.pathParam("id"));
        JsonObject body = Requests.body(ctx);
        String name = name(body.getValue("name"), false);
        long now = clock.millis();
        store.transaction(c -> {
                    if (!ProgramStore.exists(c, id)) {
                        throw ApiException.notFound("no program " + id);
                    }
                    ProgramDrafts.Draft d = ProgramDrafts.read(body, id, ProgramStore.promptHashes(c));
                    if (name != null) {
                        ProgramStore.rename(c, id, name);
                    }
                    int v = ProgramStore.addVersion(c, id, d.survey(), d.audience(), d.note(), p.username(), now);
                    return ProgramStore.version(c, id, v).orElseThrow();
                })
                .onSuccess(v -> {
                    log.info("Admin {} saved survey program {} version {}", p.username(), id, v.version());
                    ctx.response().setStatusCode(201);
                    ctx.json(v.toJson());
                })
                .onFailure(ctx::fail);
    }

    private void program(RoutingContext ctx) {
        String id = programId(ctx.pathParam("id"));
        store.read(c -> ProgramStore.versions(c, id))
                .onSuccess(versions -> {
                    if (versions.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no program " + id));
                        return;
                    }
                    JsonArray list = new JsonArray();
                    versions.forEach(v -> list.add(v.summary()));
                    ctx.json(new JsonObject()
                            .put("programId", id)
                            .put("name", versions.get(0).name())
                            .put("latest", versions.get(0).toJson())
                            .put("versions", list));
                })
                .onFailure(ctx::fail);
    }

    private void version(RoutingContext ctx) {
        String id = programId(ctx.pathParam("id"));
        int version = versionParam(ctx);
        store.read(c -> ProgramStore.version(c, id, version))
                .onSuccess(v -> {
                    if (v.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no version " + version + " of program " + id));
                        return;
                    }
                    ctx.json(v.get().toJson());
                })
                .onFailure(ctx::fail);
    }

    /** The figures of one version, question by question: never added up with another version's. */
    private void results(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String id = programId(ctx.pathParam("id"));
        int version = versionParam(ctx);
        List<String> teams = p.teams() == null ? null : new ArrayList<>(p.teams());
        Integer days = ctx.request().getParam("days") == null ? null : Requests.intParam(ctx, "days", 7, 1, 92);
        LocalDate today = Instant.ofEpochMilli(clock.millis()).atZone(zone).toLocalDate();
        LocalDate first = days == null ? null : today.minusDays(days - 1L);
        long fromMs = first == null
                ? Long.MIN_VALUE
                : first.atStartOfDay(zone).toInstant().toEpochMilli();
        store.read(c -> {
                    Optional<ProgramStore.Version> v = ProgramStore.version(c, id, version);
                    if (v.isEmpty()) {
                        return Optional.<JsonObject>empty();
                    }
                    return Optional.of(ProgramResults.of(
                            v.get(), ProgramStore.answers(c, id, version, teams, fromMs), zone, first, today));
                })
                .onSuccess(r -> {
                    if (r.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no version " + version + " of program " + id));
                        return;
                    }
                    ctx.json(r.get());
                })
                .onFailure(ctx::fail);
    }

    private Rows.Team team(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        String team = ctx.pathParam("team");
        Rows.Team t = directory.team(team).orElse(null);
        if (t == null || !p.sees(team)) {
            throw ApiException.notFound("no team " + team);
        }
        return t;
    }

    private void teamProgram(RoutingContext ctx) {
        Rows.Team t = team(ctx);
        store.read(c -> {
                    Optional<ProgramStore.Activation> a = ProgramStore.activation(c, t.id());
                    if (a.isEmpty()) {
                        return Optional.<JsonObject>empty();
                    }
                    ProgramStore.Version v = ProgramStore.version(
                                    c, a.get().programId(), a.get().version())
                            .orElseThrow();
                    return Optional.of(a.get().toJson().put("program", v.toJson()));
                })
                .onSuccess(a -> {
                    if (a.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("team " + t.id() + " has no active survey program"));
                        return;
                    }
                    ctx.json(a.get());
                })
                .onFailure(ctx::fail);
    }

    private void activate(RoutingContext ctx) {
        Principal p = admin(ctx, "activate survey programs");
        Rows.Team t = team(ctx);
        JsonObject body = Requests.body(ctx);
        String id = programId(body.getValue("programId") instanceof String s ? s : null);
        if (!(body.getValue("version") instanceof Integer version) || version < 1) {
            throw ApiException.badRequest("version: required, a whole number 1 or more");
        }
        long now = clock.millis();
        store.transaction(c -> {
                    if (ProgramStore.version(c, id, version).isEmpty()) {
                        throw ApiException.notFound("no version " + version + " of program " + id);
                    }
                    ProgramStore.activate(c, t.id(), id, version, p.username(), now);
                    return ProgramStore.activation(c, t.id()).orElseThrow();
                })
                .onSuccess(a -> {
                    log.info(
                            "Admin {} activated survey program {} version {} for team {}",
                            p.username(),
                            id,
                            version,
                            t.id());
                    vertx.eventBus()
                            .publish(
                                    Topics.PROGRAM_ACTIVATED,
                                    new JsonObject()
                                            .put("team", t.id())
                                            .put("programId", id)
                                            .put("version", version)
                                            .put("activatedMs", a.activatedMs()));
                    ctx.json(a.toJson());
                })
                .onFailure(ctx::fail);
    }

    /** Every agent in scope with the version its team runs and the version it has ready. */
    private void agents(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        store.read(c -> {
                    Map<String, ProgramStore.Activation> active = ProgramStore.activations(c);
                    Map<String, ProgramStore.Running> running = ProgramStore.running(c);
                    Map<String, Rows.Agent> agents = new TreeMap<>();
                    directory.agents().stream().filter(a -> p.sees(a.team())).forEach(a -> agents.put(a.id(), a));
                    JsonArray out = new JsonArray();
                    for (Rows.Agent a : agents.values()) {
                        ProgramStore.Activation team = active.get(a.team());
                        ProgramStore.Running r = running.get(a.id());
                        out.add(new JsonObject()
                                .put("agentId", a.id())
                                .put("displayName", a.displayName())
                                .put("team", a.team())
                                .put("teamProgram", team == null ? null : team.programId())
                                .put("teamVersion", team == null ? null : team.version())
                                .put("programId", r == null ? null : r.programId())
                                .put("version", r == null ? null : r.version())
                                .put("sinceMs", r == null ? null : r.sinceMs())
                                .put(
                                        "current",
                                        team != null
                                                && r != null
                                                && team.programId().equals(r.programId())
                                                && team.version() == r.version()));
                    }
                    return out;
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private void prompts(RoutingContext ctx) {
        store.read(ProgramStore::prompts).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void upload(RoutingContext ctx) {
        Principal p = admin(ctx, "upload prompts");
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("send the WAV file as the request body");
        }
        String label = ctx.request().getParam("name");
        if (label != null && (label.length() > MAX_NAME || label.isBlank())) {
            throw ApiException.badRequest("name must be 1-" + MAX_NAME + " characters");
        }
        byte[] bytes = body.getBytes();
        store(ctx, p, vertx.executeBlocking(() -> PromptAudio.convert(bytes)), label == null ? "upload" : label, false);
    }

    private void speak(RoutingContext ctx) {
        Principal p = admin(ctx, "make prompts");
        JsonObject body = Requests.body(ctx);
        String text = Requests.string(body, "text").strip();
        String language = Requests.string(body, "language");
        if (text.isEmpty() || text.length() > MAX_SPEAK) {
            throw ApiException.badRequest("text: 1-" + MAX_SPEAK + " characters");
        }
        if (!LANGUAGE.matcher(language).matches()) {
            throw ApiException.badRequest(
                    "language: a language tag such as \"en\" or \"zh\", got \"" + language + "\"");
        }
        if (!voice.available()) {
            throw new ApiException(501, "this server has no espeak-ng for draft voices; upload a recording instead");
        }
        store(
                ctx,
                p,
                vertx.executeBlocking(() -> PromptAudio.convert(voice.speak(text, language))),
                "draft voice (" + language + "): " + text,
                true);
    }

    private void store(
            RoutingContext ctx, Principal p, Future<PromptAudio.Converted> converted, String source, boolean draft) {
        long now = clock.millis();
        converted
                .compose(c -> store.transaction(
                                conn -> ProgramStore.putPrompt(conn, c, source, draft, p.username(), now))
                        .map(isNew -> new JsonObject()
                                .put("prompt", c.hash())
                                .put("durationMs", c.durationMs())
                                .put("bytes", c.wav().length)
                                .put("draft", draft)
                                .put("source", source)
                                .put("new", isNew)))
                .onSuccess(json -> {
                    ctx.response().setStatusCode(201);
                    ctx.json(json);
                })
                .onFailure(ctx::fail);
    }

    /** A prompt's audio for an agent that proves who it is with {@code Authorization: Basic agentId:token}. */
    private void promptForAgent(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            ctx.next();
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "unreadable agent credentials");
        }
        int colon = decoded.indexOf(':');
        String agentId = colon < 0 ? decoded : decoded.substring(0, colon);
        String token = colon < 0 ? "" : decoded.substring(colon + 1);
        Rows.Agent agent = directory.agent(agentId).orElse(null);
        if (!Tokens.matches(token, agent == null ? null : agent.tokenHash())) {
            throw new ApiException(401, "unknown agent or wrong token for " + agentId);
        }
        prompt(ctx, ctx.pathParam("hash"));
    }

    private void prompt(RoutingContext ctx, String hex) {
        String given = hex.toLowerCase(Locale.ROOT);
        String lower = given.startsWith("sha256:") ? given.substring(7) : given;
        if (!HEX.matcher(lower).matches()) {
            throw ApiException.badRequest("a prompt is named by the 64 hex digits of its SHA-256");
        }
        String hash = SurveyProgram.PROMPT_PREFIX + lower;
        store.read(c -> ProgramStore.promptAudio(c, hash))
                .onSuccess(wav -> {
                    if (wav.isEmpty()) {
                        Requests.fail(ctx, ApiException.notFound("no prompt " + hash));
                        return;
                    }
                    ctx.response()
                            .putHeader("Content-Type", "audio/wav")
                            .putHeader("ETag", "\"" + lower + "\"")
                            .end(Buffer.buffer(wav.get()));
                })
                .onFailure(ctx::fail);
    }
}
