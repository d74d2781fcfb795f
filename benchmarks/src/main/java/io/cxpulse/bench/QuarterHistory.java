package io.cxpulse.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * Writes a contact center's history as NDJSON for {@code cx-server import}: every agent takes {@code perDay} calls a
 * day between 08:00 and 20:00 local time for {@code days} days up to today, each call followed by its survey (three
 * answers, NPS, CSAT and resolved, or no answer at all for one caller in five). One {@code call} and one
 * {@code survey} frame of docs/protocol.md per line, written straight from a byte buffer. Also writes
 * {@code agents.csv} ({@code agentId,displayName,team}) next to the output, for provisioning.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.QuarterHistory OUT.ndjson [agents] [days] [perDay]
 * [zone] [teams]</pre>
 */
public final class QuarterHistory {
    private QuarterHistory() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/quarter.ndjson");
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 92;
        int perDay = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        ZoneId zone = args.length > 4 ? ZoneId.of(args[4]) : ZoneId.systemDefault();
        int teams = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        long started = System.nanoTime();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (PrintWriter roster = new PrintWriter(Files.newBufferedWriter(dir.resolve("agents.csv")))) {
            for (int a = 1; a <= agents; a++) {
                roster.println(agentId(a) + ",Agent " + a + "," + teamId(a, teams));
            }
        }
        SplittableRandom random = new SplittableRandom(20261129L);
        LocalDate today = LocalDate.now(zone);
        long lines = 0;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            StringBuilder sb = new StringBuilder(1 << 16);
            for (int d = days - 1; d >= 0; d--) {
                long dayStart =
                        today.minusDays(d).atTime(8, 0).atZone(zone).toInstant().toEpochMilli();
                for (int a = 1; a <= agents; a++) {
                    String agent = agentId(a);
                    for (int k = 0; k < perDay; k++) {
                        long talk = 60_000 + random.nextLong(540_000);
                        long start = dayStart + random.nextLong(12 * 3_600_000L - talk - 120_000);
                        long end = start + talk + random.nextLong(30_000);
                        long mute = random.nextInt(4) == 0 ? random.nextLong(talk / 5) : 0;
                        String callId = uuid(random);
                        sb.append("{\"v\":1,\"type\":\"call\",\"eventId\":\"")
                                .append(uuid(random))
                                .append("\",\"agentId\":\"")
                                .append(agent)
                                .append("\",\"callId\":\"")
                                .append(callId)
                                .append("\",\"startMs\":")
                                .append(start)
                                .append(",\"endMs\":")
                                .append(end)
                                .append(",\"talkMs\":")
                                .append(talk)
                                .append(",\"muteMs\":")
                                .append(mute)
                                .append(",\"muteCount\":")
                                .append(mute > 0 ? 1 : 0)
                                .append(",\"longestMuteMs\":")
                                .append(mute)
                                .append(",\"holdMs\":0,\"surveyOffered\":true}\n");
                        long surveyEnd = end + 20_000 + random.nextLong(40_000);
                        boolean answered = random.nextInt(5) != 0;
                        sb.append("{\"v\":1,\"type\":\"survey\",\"eventId\":\"")
                                .append(uuid(random))
                                .append("\",\"agentId\":\"")
                                .append(agent)
                                .append("\",\"callId\":\"")
                                .append(callId)
                                .append("\",\"language\":\"")
                                .append(random.nextInt(3) == 0 ? "zh" : "en")
                                .append("\",\"startMs\":")
                                .append(end + 1_000)
                                .append(",\"endMs\":")
                                .append(surveyEnd)
                                .append(",\"status\":\"")
                                .append(answered ? "completed" : "no-input")
                                .append("\",\"answers\":[");
                        answer(sb, "csat", "csat", answered ? 1 + random.nextInt(5) : -1, random);
                        sb.append(',');
                        answer(sb, "nps", "nps", answered ? random.nextInt(11) : -1, random);
                        sb.append(',');
                        answer(sb, "resolved", "yesno", answered ? random.nextInt(2) : -1, random);
                        sb.append("]}\n");
                        lines += 2;
                    }
                    if (sb.length() > 60_000) {
                        os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                        sb.setLength(0);
                    }
                }
            }
            os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        System.err.printf(
                "QuarterHistory: %,d events of %d agents over %d days to %s in %.1f s%n",
                lines, agents, days, out, (System.nanoTime() - started) / 1e9);
    }

    private static void answer(StringBuilder sb, String id, String kind, int value, SplittableRandom random) {
        sb.append("{\"questionId\":\"").append(id).append("\",\"kind\":\"").append(kind);
        if (value < 0) {
            sb.append("\",\"outcome\":\"no-input\",\"value\":null,\"answerMs\":-1}");
        } else {
            sb.append("\",\"outcome\":\"answered\",\"value\":")
                    .append(value)
                    .append(",\"answerMs\":")
                    .append(300 + random.nextInt(4_000))
                    .append('}');
        }
    }

    static String agentId(int n) {
        return String.format("agent-%04d", n);
    }

    private static String teamId(int agent, int teams) {
        return String.format("team-%02d", 1 + (agent - 1) % teams);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A random (version 4) UUID, as the agent makes event ids. */
    private static String uuid(SplittableRandom random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] c = new char[36];
        int p = 0;
        for (int i = 15; i >= 0; i--) {
            c[p++] = HEX[(int) (hi >>> (i * 4)) & 0xF];
            if (p == 8 || p == 13) {
                c[p++] = '-';
            }
        }
        c[p++] = '-';
        for (int i = 15; i >= 0; i--) {
            c[p++] = HEX[(int) (lo >>> (i * 4)) & 0xF];
            if (p == 23) {
                c[p++] = '-';
            }
        }
        return new String(c);
    }
}
