package io.cxpulse.agent.cli;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Has the JVM compile the DTMF receiver and the audio reader with its first JIT tier only (C1, full speed, no
 * profiling), through a compiler directive added at run time with the JVM's DiagnosticCommand MBean.
 *
 * <p>With the JVM's default tiered compilation, C2 (the optimising compiler) spends 0.25 to 0.35 s of CPU compiling the
 * receiver, more than its faster code saves on hours of audio: the Goertzel loops are bound by the latency of their
 * multiply-adds, so C1's code is only about a quarter slower. The packaged agent runs with {@code
 * -XX:TieredStopAtLevel=1} anyway; this gives {@code java -jar cx-agent.jar dtmf decode} the same for the decoding
 * code, and leaves the rest of the JVM as it is.
 *
 * <p>Best effort: the MBean's accessor is reached through {@code Add-Opens: jdk.management/com.sun.management.internal}
 * in the jar's manifest (honoured by {@code java -jar}). Where that is not granted, the module is absent (the packaged
 * runtime image) or the command fails, nothing changes but the CPU time: the decisions of the receiver do not depend on
 * the compiler.
 */
final class FirstTierDecoding {

    /**
     * Methods matched: every class of the receiver's package, and the audio reader's per-block reads of 16-bit audio
     * (into which C2 would inline the whole of NIO's bulk copy, twice). C2 refusing a method makes the JVM compile it at
     * the first tier. The reader's conversions of other encodings and the resampler are left to C2: their loops gain
     * more from it.
     */
    static final String DIRECTIVE =
            "[{ match: [\"io/cxpulse/agent/dtmf/*.*\", \"io/cxpulse/agent/audio/AudioReader.read*\"],"
                    + " c2: { Exclude: true } }]";

    /** Below this much audio data C2 would hardly start on the receiver: the directive is not worth its cost. */
    static final long MIN_BYTES = 1 << 20;

    /** Whether the directive was tried in this JVM (once is enough: directives are the JVM's, not the command's). */
    private static boolean tried;

    private static boolean applied;

    private FirstTierDecoding() {}

    /**
     * Applies the directive once per JVM when there is enough audio to decode for C2 to get to the receiver ({@link
     * #MIN_BYTES}, or standard input, whose length is unknown). Returns whether the JVM accepted it.
     */
    static synchronized boolean forAudio(Iterable<String> files) {
        if (tried) {
            return applied;
        }
        long bytes = 0;
        for (String file : files) {
            if (file.equals("-")) {
                bytes = Long.MAX_VALUE;
                break;
            }
            try {
                bytes += Files.size(Path.of(file));
            } catch (Exception e) {
                // a missing or unreadable file is reported when it is decoded
            }
        }
        if (bytes < MIN_BYTES) {
            return false;
        }
        tried = true;
        applied = addDirective(DIRECTIVE);
        return applied;
    }

    /** Adds compiler directives (HotSpot's JSON format) through the DiagnosticCommand MBean; false if not possible. */
    static boolean addDirective(String json) {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            return false;
        }
        Path file = null;
        try {
            // The native methods of the MBean are in the library that the module's MBean provider loads.
            Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl");
            Class<?> impl = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
            Method get = impl.getDeclaredMethod("getDiagnosticCommandMBean");
            get.setAccessible(true);
            Object dcmd = get.invoke(null);
            if (dcmd == null) {
                return false;
            }
            // The command itself, as the MBean's operations run it: through DynamicMBean.invoke the MBean would first
            // describe all of the JVM's commands (loading JFR's among others), which costs more than the rest.
            Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            // The command reads the directives from a file.
            file = Path.of(System.getProperty("java.io.tmpdir")).resolve("cx-agent-jit-" + System.nanoTime() + ".json");
            Files.write(file, json.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
            Object out = execute.invoke(dcmd, "Compiler.directives_add \"" + file + "\"");
            return out instanceof String s && s.contains("added");
        } catch (Exception | LinkageError e) {
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    // a temporary file of 100 bytes left behind
                }
            }
        }
    }
}
