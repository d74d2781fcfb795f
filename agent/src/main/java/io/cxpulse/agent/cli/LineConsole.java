package io.cxpulse.agent.cli;

import io.cxpulse.agent.headset.HeadsetController;
import io.cxpulse.agent.line.sip.SipCall;
import io.cxpulse.agent.line.sip.SipHandset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SIP line's commands on {@code cx-agent run}'s standard input, one a line: {@code dial URI} places a call from
 * the headset, {@code hold} and {@code resume} hold the call as the app's hold does (a re-INVITE). Each command is
 * answered with one line. Standard input at its end (a service) leaves the line to the headset alone.
 */
final class LineConsole {
    static final String HELP = "commands: dial sip:USER@HOST (or an extension), hold, resume";

    private final SipHandset handset;
    private final Supplier<Optional<HeadsetController>> headset;

    LineConsole(SipHandset handset, Supplier<Optional<HeadsetController>> headset) {
        this.handset = handset;
        this.headset = headset;
    }

    /** Carries out one command line and says how it went. */
    String handle(String line) {
        String[] words = line.strip().split("\\s+", 2);
        String command = words[0].toLowerCase(Locale.ROOT);
        switch (command) {
            case "dial" -> {
                if (words.length < 2) {
                    return "dial what? " + HELP;
                }
                try {
                    SipCall call = handset.dial(words[1]);
                    return "calling " + call.caller();
                } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                    return "cannot dial: " + e.getMessage();
                }
            }
            case "hold", "resume" -> {
                Optional<HeadsetController> h = headset.get();
                if (h.isEmpty()) {
                    return "no headset";
                }
                h.get().setHeld(command.equals("hold"));
                return command.equals("hold") ? "held" : "resumed";
            }
            case "" -> {
                return HELP;
            }
            default -> {
                return "unknown command " + words[0] + "; " + HELP;
            }
        }
    }

    /** Reads commands until the input ends, answering each on {@code out}; runs on its own thread. */
    void serve(BufferedReader in, PrintWriter out) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(handle(line));
                out.flush();
            }
        } catch (IOException e) {
            // the input went away: the headset alone drives the line
        }
    }
}
