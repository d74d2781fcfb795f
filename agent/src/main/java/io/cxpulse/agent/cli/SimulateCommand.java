package io.cxpulse.agent.cli;

import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.sim.Fleet;
import io.cxpulse.agent.sim.SimulatedAgent;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cx-agent simulate}: a fleet of simulated agents with fake headsets and touch-tone callers. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a fleet of simulated agents against a server: each has a fake headset (hook off, mute, hold, hook"
                    + " on) and callers who answer the post-call survey with real keypad tones, decoded by the agent's"
                    + " DTMF receiver. Calls and survey results stream to the server through each agent's outbox.",
            "Against a server started with --demo no set-up is needed: the demo agents' credentials are fetched from it."
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server = new ServerOption();

    @Option(names = "--agents", description = "How many agents (default: ${DEFAULT-VALUE}).", defaultValue = "12")
    int agents;

    @Option(
            names = "--calls",
            description =
                    "Calls per agent, then stop once all events are acknowledged; 0 runs until stopped (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int calls;

    @Option(
            names = "--speed",
            description = "Time compression: 10 makes calls and pauses ten times shorter (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    double speed;

    @Option(
            names = "--credentials",
            description = "JSON file of [{\"agentId\", \"token\", ...}] instead of asking a --demo server.")
    Path credentialsFile;

    @Option(
            names = "--data-dir",
            description =
                    "Where the agents keep their outboxes (default: a folder under the system's temporary directory).")
    Path dataDir;

    @Option(
            names = "--seed",
            description = "Seed of the simulated people's choices (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Mixin
    SurveyFileOption surveyFile = new SurveyFileOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (agents < 1 || calls < 0 || !(speed > 0)) {
            throw ExitStatus.usage(spec, "--agents must be at least 1, --calls 0 or more, --speed above 0");
        }
        List<AgentCredentials> credentials;
        SurveyDefinition survey;
        try {
            credentials = AgentCredentials.forFleet(credentialsFile, server.server(), agents);
            survey = surveyFile.load();
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitStatus.FAILED;
        }
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "cx-agent-simulate");
        Files.createDirectories(dir);
        SimulatedAgent.Pace pace = SimulatedAgent.Pace.DEMO.withSpeed(speed);
        try (Fleet fleet = new Fleet(credentials, server.server(), dir, pace, survey, seed)) {
            out.println("Simulating " + agents + " agents against " + server.server()
                    + (calls == 0 ? " until stopped" : ", " + calls + " calls each"));
            out.flush();
            fleet.run(calls);
            if (!fleet.drain(Duration.ofSeconds(60))) {
                err.println("not every event was acknowledged by the server within 60 s; they stay in the outboxes in "
                        + dir + " and are sent on the next run");
                return ExitStatus.FAILED;
            }
            int surveys =
                    fleet.agents().stream().mapToInt(SimulatedAgent::surveys).sum();
            out.println("Done: " + agents * calls + " calls, " + surveys + " surveys, all acknowledged");
            return ExitStatus.DONE;
        }
    }
}
