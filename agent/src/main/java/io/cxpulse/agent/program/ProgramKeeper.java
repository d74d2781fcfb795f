package io.cxpulse.agent.program;

import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveySpec;
import io.cxpulse.protocol.SurveySpecException;
import io.cxpulse.protocol.SurveySpecs;
import io.cxpulse.protocol.WireCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the survey program the server sends on disk, so that the agent asks it offline and after a restart too. A
 * program's prompts are named by content hash; only the ones not on disk yet are fetched, each checked against its
 * hash before use. Once a version and all its prompts are on disk it becomes the survey of the next call (a survey
 * already running keeps its own). Work runs on the keeper's own thread, never on the link's.
 *
 * <p>On disk: {@code program.json} (the message as received) and {@code prompts/HEX.wav}.
 */
public final class ProgramKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgramKeeper.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

    /** A program version ready to ask: its checked survey (prompts as files on disk) and the message it came in. */
    public record Ready(SurveyProgram program, SurveyDefinition survey) {}

    private final Path dir;
    private final Path promptDir;
    private final String agentId;
    private final String token;
    private final Supplier<URI> server;
    private final PromptLibrary prompts;
    private final Consumer<Ready> onReady;
    private final SSLContext tls;
    /** Built for the first prompt fetched (on the keeper's thread): a desk that has every prompt never starts one. */
    private HttpClient http;

    private final ExecutorService worker;
    private volatile Ready current;

    /**
     * @param server the server's HTTP address now (the link's current node)
     * @param onReady told (on the keeper's thread) of each version that is ready, the one found on disk included
     */
    public ProgramKeeper(
            Path dir,
            String agentId,
            String token,
            Supplier<URI> server,
            SSLContext tls,
            PromptLibrary prompts,
            Consumer<Ready> onReady)
            throws IOException {
        this.dir = dir;
        this.promptDir = dir.resolve("prompts");
        Files.createDirectories(promptDir);
        this.agentId = agentId;
        this.token = token;
        this.server = server;
        this.prompts = prompts;
        this.onReady = Objects.requireNonNull(onReady);
        this.tls = tls;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cx-program-" + agentId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The version ready now, or null. */
    public Ready current() {
        return current;
    }

    /**
     * Takes up the program kept on disk, if there is one whose prompts are all there. Blocking, so that the first call
     * after a start already asks it.
     */
    public void loadFromDisk() {
        Path file = dir.resolve("program.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Message m = WireCodec.decode(Files.readString(file, StandardCharsets.UTF_8));
            if (m instanceof SurveyProgram program) {
                SurveyDefinition survey = definition(program);
                prompts.preload(survey);
                ready(new Ready(program, survey));
                log.info("Agent {}: survey program {} v{} from disk", agentId, program.programId(), program.version());
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            log.warn("Agent {}: the survey program kept on disk cannot be used: {}", agentId, e.getMessage());
        }
    }

    /** The server sent a program: fetch what is missing and take it up (in the background). */
    public void receive(SurveyProgram program) {
        worker.execute(() -> take(program));
    }

    private void take(SurveyProgram program) {
        Ready now = current;
        if (now != null
                && now.program().programId().equals(program.programId())
                && now.program().version() == program.version()) {
            if (!now.program().equals(program)) {
                // The same version with something of the center's added since (its caller salt): kept with it.
                try {
                    write(dir.resolve("program.json"), WireCodec.encode(program).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    log.warn(
                            "Agent {}: cannot keep survey program {} on disk: {}",
                            agentId,
                            program.programId(),
                            e.getMessage());
                }
                ready(new Ready(program, now.survey()));
                return;
            }
            onReady.accept(now); // the server asks again after each connection: confirm
            return;
        }
        try {
            for (String hash : checked(program).promptSources()) {
                Path file = promptFile(hash);
                if (!Files.isRegularFile(file)) {
                    fetch(hash, file);
                }
            }
            SurveyDefinition survey = definition(program);
            prompts.preload(survey);
            write(dir.resolve("program.json"), WireCodec.encode(program).getBytes(StandardCharsets.UTF_8));
            ready(new Ready(program, survey));
            log.info(
                    "Agent {}: survey program {} v{} is ready for the next call",
                    agentId,
                    program.programId(),
                    program.version());
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Agent {}: cannot take up survey program {} v{}; keeping the current survey: {}",
                    agentId,
                    program.programId(),
                    program.version(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ready(Ready r) {
        current = r;
        onReady.accept(r);
    }

    /** The program's survey by the survey rules, its prompts as hashes (not yet looked for on disk). */
    private static SurveySpec checked(SurveyProgram program) {
        return SurveySpecs.check(program.survey(), "program " + program.programId() + " v" + program.version(), raw -> {
            if (!SurveyProgram.isPromptHash(raw)) {
                throw new IllegalArgumentException("not a prompt hash: " + raw);
            }
            return raw;
        });
    }

    /** The survey to run, with each prompt the file on disk that holds it. */
    private SurveyDefinition definition(SurveyProgram program) {
        try {
            SurveySpec spec = SurveySpecs.check(
                    program.survey(), "program " + program.programId() + " v" + program.version(), raw -> {
                        if (!SurveyProgram.isPromptHash(raw)) {
                            throw new IllegalArgumentException("not a prompt hash: " + raw);
                        }
                        Path file = promptFile(raw);
                        if (!Files.isRegularFile(file)) {
                            throw new IllegalArgumentException("prompt not on disk: " + raw);
                        }
                        return file.toAbsolutePath().toString();
                    });
            return SurveyDefinitions.of(spec);
        } catch (SurveySpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Path promptFile(String hash) {
        return promptDir.resolve(hash.substring(SurveyProgram.PROMPT_PREFIX.length()) + ".wav");
    }

    private void fetch(String hash, Path file) throws IOException, InterruptedException {
        String hex = hash.substring(SurveyProgram.PROMPT_PREFIX.length());
        URI uri = server.get().resolve("/api/prompts/" + hex);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(FETCH_TIMEOUT)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((agentId + ":" + token).getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build();
        HttpResponse<byte[]> response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("prompt " + hash + ": the server answered " + response.statusCode());
        }
        byte[] wav = response.body();
        if (!hash.equals(hash(wav))) {
            throw new IOException("prompt " + hash + ": the audio received does not have that hash");
        }
        write(file, wav);
        log.debug("Agent {}: fetched prompt {} ({} bytes)", agentId, hash, wav.length);
    }

    private HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (tls != null) {
                builder.sslContext(tls);
            }
            http = builder.build();
        }
        return http;
    }

    /** Prompts the keeper holds on disk, by hash. */
    public List<String> promptsOnDisk() throws IOException {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(promptDir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".wav"))
                    .forEach(n -> out.add(SurveyProgram.PROMPT_PREFIX + n.substring(0, n.length() - 4)));
        }
        return out;
    }

    static String hash(byte[] bytes) {
        try {
            return SurveyProgram.PROMPT_PREFIX
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** Writes a file whole or not at all. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
