package io.cxpulse.agent.sim;

import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of {@link SimulatedAgent}s taking calls against one server: each agent on its own thread, the surveys on a
 * small shared pool. Runs until every agent has taken its calls (or forever when the count is 0), then waits for the
 * server to acknowledge every event.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final ExecutorService surveys;
    private final List<Thread> threads = new ArrayList<>();

    public Fleet(
            List<AgentCredentials> credentials,
            URI server,
            Path dataDir,
            SimulatedAgent.Pace pace,
            SurveyDefinition survey,
            long seed)
            throws IOException {
        this.surveys =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "cx-sim-survey");
                    t.setDaemon(true);
                    return t;
                });
        PromptLibrary prompts = new PromptLibrary();
        prompts.preload(survey);
        for (int i = 0; i < credentials.size(); i++) {
            AgentCredentials c = credentials.get(i);
            agents.add(new SimulatedAgent(
                    c, i, server, dataDir.resolve(c.agentId()), pace, survey, prompts, surveys, seed * 31 + i));
        }
    }

    public List<SimulatedAgent> agents() {
        return List.copyOf(agents);
    }

    /**
     * Every agent takes {@code callsPerAgent} calls (0: until interrupted); returns once all have hung up their last
     * call.
     */
    public void run(int callsPerAgent) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(agents.size());
        for (SimulatedAgent agent : agents) {
            agent.start();
            Thread t = new Thread(
                    () -> {
                        try {
                            for (int n = 0; callsPerAgent == 0 || n < callsPerAgent; n++) {
                                agent.idle();
                                agent.takeCall();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            log.error("Simulated agent {} stopped: {}", agent.agentId(), e.getMessage(), e);
                        } finally {
                            done.countDown();
                        }
                    },
                    "cx-sim-" + agent.agentId());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        done.await();
    }

    /** Waits until the surveys have run and the server has acknowledged every event; false on timeout. */
    public boolean drain(long timeoutMs) throws InterruptedException {
        surveys.shutdown();
        long deadline = System.currentTimeMillis() + timeoutMs;
        if (!surveys.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
            return false;
        }
        while (System.currentTimeMillis() < deadline) {
            if (agents.stream().allMatch(a -> a.pendingEvents() == 0)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        surveys.shutdownNow();
        for (SimulatedAgent agent : agents) {
            try {
                agent.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Closing simulated agent {}: {}", agent.agentId(), e.getMessage());
            }
        }
    }
}
