package io.cxpulse.server;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.store.BulkImport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cx-server import}: loads calls and surveys from NDJSON files (one {@code call} or {@code survey} frame of
 * docs/protocol.md per line) into the store, validated as the WebSocket validates them. Bad lines, unknown agents
 * and repeated event ids never stop it; rejected lines go to standard error with file, line number and reason. Ends
 * with one line on standard output: {@code imported N, duplicates D, rejected R}.
 *
 * <p>A reader thread cuts the files into blocks of lines, parser threads decode, validate and prepare blocks in
 * parallel (teams, scores, rows, id order), and this thread writes them in file order in large transactions, so that
 * the first of two lines with the same id is the one kept.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import calls and surveys from NDJSON files (one call or survey frame per line) into the store."
                + " SQLite: stop the server first (the store is locked while a server runs); PostgreSQL: the"
                + " server may keep running.")
final class ImportCommand implements Callable<Integer> {
    // A block is parsed by one thread and written in one go: the larger it is, the closer together its claims and rows
    // land in the indexes (its events are sorted by id for the claims and by end time for the rows); the smaller, the
    // less the collector copies of the blocks in flight. Over the quarter of docs/benchmarks.md, blocks of 5,000
    // rather than 20,000 lines cost the writer 4 s more for the claims and save as much on the rows, while the
    // collector's pauses, which stop the writer too, fall from 8.6 to 1.6 s.
    private static final int BLOCK_LINES = 5_000;
    // The writer claims the ids of two blocks in one merged run, which walks the id index in longer strides; more
    // blocks at a time keep more events in flight: over the quarter, 45.2 s with two, 47.7 s with four, 54 with eight.
    private static final int WRITE_EVENTS = 2 * BLOCK_LINES;
    private static final int TRANSACTION_EVENTS = 1_000_000;
    // A call frame is about 300 bytes and a survey frame about 480: the files' size tells roughly how many events come.
    private static final long TYPICAL_LINE_BYTES = 400;
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            defaultValue = "./data",
            description = "Directory of the SQLite store cx.db (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(
            names = "--time-zone",
            description = "The center's time zone, for a new store only; an existing store keeps its own.")
    String timeZone;

    @Parameters(paramLabel = "FILE.ndjson", arity = "1..*", description = "Files of one call or survey per line.")
    List<Path> files;

    /** One line that did not make it, with where it was and why. */
    private record Rejected(Path file, long line, String reason) {}

    /** A block of lines, parsed: its events ready to write, its rejected lines, and how many lines it had. */
    private record Block(Path file, BulkImport.Batch events, List<Rejected> rejected, long read) {}

    private static final Block END = new Block(null, null, List.of(), 0);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneId zone;
        try {
            zone = timeZone == null ? null : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            err.println("cx-server import: unknown time zone " + timeZone);
            return 2;
        }
        String databaseProblem = database.problem();
        if (databaseProblem != null) {
            err.println("cx-server import: " + databaseProblem);
            return 2;
        }
        for (Path f : files) {
            if (!Files.isReadable(f) || Files.isDirectory(f)) {
                err.println("cx-server import: cannot read " + f);
                return 1;
            }
        }
        String url = database.url;
        if (url == null) {
            Files.createDirectories(dataDir);
            url = "jdbc:sqlite:" + dataDir.resolve("cx.db").toAbsolutePath();
        }
        BulkImport store;
        try {
            store = BulkImport.open(url, database.user, database.password, zone, Clock.systemUTC());
        } catch (SQLException e) {
            err.println("cx-server import: " + ServerMain.reason(e));
            return 1;
        }
        try (store) {
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            try {
                store.deferIndexes(bytes / TYPICAL_LINE_BYTES);
            } catch (SQLException e) {
                err.println("cx-server import: " + ServerMain.reason(e));
                return 1;
            }
            return run(store, out, err);
        }
    }

    private int run(BulkImport store, PrintWriter out, PrintWriter err) throws Exception {
        int parsers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ExecutorService parse = Executors.newFixedThreadPool(parsers, r -> daemon(r, "cx-import-parse"));
        BlockingQueue<Future<Block>> blocks = new ArrayBlockingQueue<>(parsers + 1);
        CompletableFuture<Void> reading = new CompletableFuture<>();
        Thread reader = daemon(() -> read(store, parse, blocks, reading), "cx-import-read");
        reader.start();
        long imported = 0;
        long duplicates = 0;
        long rejected = 0;
        long lines = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        List<BulkImport.Batch> pending = new ArrayList<>();
        int pendingEvents = 0;
        long uncommitted = 0;
        try {
            while (true) {
                Block b;
                try {
                    b = blocks.take().get();
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
                if (b == END) {
                    break;
                }
                lines += b.read();
                for (Rejected r : b.rejected()) {
                    err.println(r.file() + ":" + r.line() + ": rejected: " + r.reason());
                }
                rejected += b.rejected().size();
                pending.add(b.events());
                pendingEvents += b.events().size();
                if (pendingEvents >= WRITE_EVENTS) {
                    int n = store.writeBatches(pending);
                    imported += n;
                    duplicates += pendingEvents - n;
                    uncommitted += pendingEvents;
                    pending.clear();
                    pendingEvents = 0;
                    if (uncommitted >= TRANSACTION_EVENTS) {
                        store.commit();
                        uncommitted = 0;
                    }
                }
                long now = System.nanoTime();
                if (now - lastProgress > PROGRESS_NANOS) {
                    lastProgress = now;
                    err.printf(
                            "cx-server import: %,d lines read, %,d imported (%,.0f lines/s)%n",
                            lines, imported, lines / ((now - started) / 1e9));
                    err.flush();
                }
            }
            if (!pending.isEmpty()) {
                int n = store.writeBatches(pending);
                imported += n;
                duplicates += pendingEvents - n;
            }
            store.finish();
            reading.get();
        } catch (IOException e) {
            err.println("cx-server import: " + e.getMessage());
            err.println("imported " + imported + ", duplicates " + duplicates + ", rejected " + rejected);
            return 1;
        } finally {
            reader.interrupt();
            parse.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(
                "cx-server import: %,d lines in %.1f s (%,.0f lines/s) into %s%n",
                lines, seconds, lines / Math.max(seconds, 1e-9), store.dialect());
        err.flush();
        out.println("imported " + imported + ", duplicates " + duplicates + ", rejected " + rejected);
        out.flush();
        return 0;
    }

    /** The reader thread: blocks of lines to the parsers, their futures to the writer in file order. */
    private void read(
            BulkImport store,
            ExecutorService parse,
            BlockingQueue<Future<Block>> blocks,
            CompletableFuture<Void> done) {
        try {
            for (Path f : files) {
                try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    long lineNo = 0;
                    while (true) {
                        List<String> text = new ArrayList<>(BLOCK_LINES);
                        String line;
                        while (text.size() < BLOCK_LINES && (line = in.readLine()) != null) {
                            text.add(line);
                        }
                        if (text.isEmpty()) {
                            break;
                        }
                        long first = lineNo + 1;
                        lineNo += text.size();
                        blocks.put(parse.submit(() -> parse(store, f, first, text)));
                    }
                }
            }
            blocks.put(CompletableFuture.completedFuture(END));
            done.complete(null);
        } catch (IOException e) {
            blocks.offer(CompletableFuture.failedFuture(e));
            done.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
    }

    /** A parser thread: validates each line as the agent WebSocket validates a frame. */
    private static Block parse(BulkImport store, Path file, long firstLine, List<String> text) {
        List<AgentEvent> events = new ArrayList<>(text.size());
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            long lineNo = firstLine + i;
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                Message m = WireCodec.decode(line);
                if (!(m instanceof AgentEvent event)) {
                    rejected.add(new Rejected(
                            file, lineNo, "a " + m.getClass().getSimpleName() + " is not a call or survey"));
                } else if (store.teamOf(event.agentId()).isEmpty()) {
                    rejected.add(new Rejected(
                            file, lineNo, "unknown agent " + event.agentId() + " (event " + event.eventId() + ")"));
                } else {
                    events.add(event);
                }
            } catch (ProtocolException e) {
                rejected.add(new Rejected(file, lineNo, e.getMessage()));
            }
        }
        return new Block(file, store.prepare(events), rejected, text.size());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
