package io.cxpulse.agent.outbox;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.WireCodec;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable queue of events not yet acknowledged by the server. Every event is appended to a journal and
 * forced to disk before {@link #add} returns, so nothing the agent produced is lost to a crash, a dead server or a
 * restart; acknowledgements are journalled too. On open the journal is replayed: pending events come back in their
 * original order, and a torn last line (power lost mid-write) is dropped with a warning. The journal is rewritten with
 * only the pending events once enough acknowledgements pile up.
 *
 * <p>Journal lines: {@code E <frame>} for an event (its wire frame) and {@code A <eventId>} for an acknowledgement.
 */
public final class Outbox implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String JOURNAL = "outbox.journal";
    private static final int COMPACT_AFTER_ACKS = 1000;

    private final Path dir;
    private final Map<String, AgentEvent> pending = new LinkedHashMap<>();
    private FileChannel journal;
    private int acksSinceCompaction;

    private Outbox(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) the outbox kept in {@code dir}, replaying what an earlier run left. */
    public static Outbox open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Outbox outbox = new Outbox(dir);
        outbox.replay();
        outbox.compact();
        return outbox;
    }

    /** Durably adds an event; a repeat of a pending event id is ignored. */
    public synchronized void add(AgentEvent event) throws IOException {
        if (pending.containsKey(event.eventId())) {
            return;
        }
        append("E " + WireCodec.encode(event));
        pending.put(event.eventId(), event);
    }

    /** Forgets events the server committed (or refused for good). Unknown ids are ignored. */
    public synchronized void remove(Collection<String> eventIds) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String id : eventIds) {
            if (pending.remove(id) != null) {
                lines.append("A ").append(id).append('\n');
                acksSinceCompaction++;
            }
        }
        if (lines.length() > 0) {
            write(lines.toString());
        }
        if (acksSinceCompaction >= COMPACT_AFTER_ACKS) {
            compact();
        }
    }

    /** The pending events, oldest first. */
    public synchronized List<AgentEvent> pending() {
        return new ArrayList<>(pending.values());
    }

    public synchronized int size() {
        return pending.size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    private void replay() throws IOException {
        Path file = dir.resolve(JOURNAL);
        if (!Files.exists(file)) {
            return;
        }
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.startsWith("A ")) {
                    pending.remove(line.substring(2).trim());
                } else if (line.startsWith("E ")) {
                    try {
                        Message m = WireCodec.decode(line.substring(2));
                        if (m instanceof AgentEvent e) {
                            pending.putIfAbsent(e.eventId(), e);
                        }
                    } catch (ProtocolException e) {
                        log.warn("Outbox {} line {} is unreadable and is dropped: {}", file, lineNo, e.getMessage());
                    }
                } else if (!line.isBlank()) {
                    log.warn("Outbox {} line {} is unreadable and is dropped", file, lineNo);
                }
            }
        }
    }

    /** Rewrites the journal with only the pending events, atomically. */
    private void compact() throws IOException {
        close();
        Path tmp = dir.resolve(JOURNAL + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder();
            for (AgentEvent e : pending.values()) {
                sb.append("E ").append(WireCodec.encode(e)).append('\n');
            }
            writeFully(out, sb.toString());
            out.force(true);
        }
        Files.move(tmp, dir.resolve(JOURNAL), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        acksSinceCompaction = 0;
    }

    private void append(String line) throws IOException {
        write(line + '\n');
    }

    private void write(String text) throws IOException {
        if (journal == null) {
            throw new IOException("outbox " + dir + " is closed");
        }
        writeFully(journal, text);
        journal.force(false);
    }

    private static void writeFully(FileChannel channel, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }
}
