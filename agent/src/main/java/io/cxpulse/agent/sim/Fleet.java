package io.cxpulse.agent.sim;

import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of {@link SimulatedAgent}s taking calls against one server, each agent on its own thread, until every
 * agent has taken its calls (or until stopped).
 */
public final class Fleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public Fleet(
            List<AgentCredentials> credentials,
            URI server,
            Path dataDir,
            SimulatedAgent.Pace pace,
            SurveyDefinition survey,
            long seed)
            throws IOException {
        PromptLibrary prompts = new PromptLibrary();
        for (int i = 0; i < credentials.size(); i++) {
            AgentCredentials c = credentials.get(i);
            agents.add(new SimulatedAgent(
                    c, i, server, dataDir.resolve(c.agentId()), pace, survey, prompts, seed * 31 + i));
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
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SimulatedAgent agent : agents) {
            if (!agent.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (SimulatedAgent agent : agents) {
            try {
                agent.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Closing simulated agent {}: {}", agent.agentId(), e.getMessage());
            }
        }
    }
}
