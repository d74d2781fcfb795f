package io.cxpulse.bench;

import io.cxpulse.agent.dtmf.DtmfEvent;
import io.cxpulse.agent.dtmf.DtmfListener;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Decoding speed of {@link DtmfReceiver} on one core, on the same audio as the spandsp harness ({@link BenchAudio}).
 * One operation decodes the whole selection in 20 ms blocks (160 samples); the {@code audioSeconds} counter reports
 * audio seconds decoded per second, i.e. times real time per CPU-second on the one benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DtmfReceiverBenchmark {

    /** Audio file; empty for {@link BenchAudio#DEFAULT}, written on first use. */
    @Param("")
    public String file;

    /** {@code all}: the whole 60 s with its keys; {@code noKeys}: the 40 s of noise and music only. */
    @Param({"all", "noKeys"})
    public String section;

    @Param("160")
    public int block;

    private short[] pcm;
    private DtmfReceiver receiver;
    private int keys;

    /**
     * Audio seconds decoded, reported by JMH as a rate per wall-clock second, and the benchmark thread's CPU time, so
     * that the figure stays comparable to the spandsp harness's (process CPU time) on a busy machine.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double audioSeconds;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuStart;
    private double audioInIteration;
    private double measuredAudio;
    private double measuredCpu;

    @Setup(Level.Iteration)
    public void startIteration() {
        audioInIteration = 0;
        cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (params.getType() == IterationType.MEASUREMENT) {
            measuredAudio += audioInIteration;
            measuredCpu += cpu;
        }
        System.out.printf(" [%.0fx real time per CPU-second] ", audioInIteration / cpu);
    }

    @TearDown(Level.Trial)
    public void endTrial() {
        System.out.printf(
                "%nMeasured: %.0f audio-seconds in %.3f CPU-seconds = %.0fx real time per CPU-second (section %s)%n",
                measuredAudio, measuredCpu, measuredAudio / measuredCpu, section);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        short[] all = BenchAudio.load(file.isEmpty() ? BenchAudio.DEFAULT : Path.of(file));
        pcm = "noKeys".equals(section) ? Arrays.copyOfRange(all, BenchAudio.NO_KEYS_FROM, all.length) : all;
        receiver = new DtmfReceiver(8000, new DtmfListener() {
            @Override
            public void key(DtmfEvent event) {
                keys++;
            }
        });
    }

    @Benchmark
    public int decode(Counters counters) {
        DtmfReceiver rx = receiver;
        short[] audio = pcm;
        int b = block;
        keys = 0;
        for (int at = 0; at < audio.length; at += b) {
            rx.process(audio, at, Math.min(b, audio.length - at));
        }
        rx.flush();
        double seconds = audio.length / 8000.0;
        counters.audioSeconds += seconds;
        audioInIteration += seconds;
        return keys;
    }
}
