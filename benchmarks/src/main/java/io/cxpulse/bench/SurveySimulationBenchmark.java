package io.cxpulse.bench;

import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.audio.Pcm;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyRunner;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one simulated survey on a fake line (prompts out, DTMF and busy-tone detection on the caller audio), as
 * the fleet simulator runs it. {@code paced}: the caller answers after each question (about 25 s of line time);
 * {@code hurry}: the caller keys everything during the greeting (about 3 s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SurveySimulationBenchmark {

    @Param({"paced", "hurry"})
    public String caller;

    private short[] audio;
    private SurveyDefinition survey;
    private SurveyRunner runner;

    @Setup
    public void setUp() {
        DtmfGenerator keys = new DtmfGenerator(8000);
        survey = SurveyDefinitions.defaultSurvey();
        runner = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {});
        if (caller.equals("hurry")) {
            audio = Pcm.concat(new short[8000], keys.digits("5101"));
        } else {
            audio = Pcm.concat(
                    new short[8000 * 9],
                    keys.digits("4"),
                    new short[8000 * 4],
                    keys.digits("9"),
                    new short[8000 * 4],
                    keys.digits("1"));
        }
    }

    @Benchmark
    public SurveyOutcome survey() {
        return runner.run(new FakeLine(audio), survey, "en", "bench");
    }
}
