package io.cxpulse.agent.cli;

import io.cxpulse.agent.cli.DoctorCommand.Check;
import io.cxpulse.agent.config.LineConfig;
import io.cxpulse.agent.line.sip.Registration;
import io.cxpulse.agent.line.sip.SipCall;
import io.cxpulse.agent.line.sip.SipPhone;
import io.cxpulse.agent.line.sip.SipSettings;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cx-agent doctor}'s checks of a SIP line, on a phone of its own beside any running agent (a free port, no
 * keep-alives): the registration (the same as the agent's), then a test call to {@code sip.test.uri}, an extension
 * that answers, for the codec the PBX lets through (G.711: PCMU or PCMA) and whether RFC 4733 telephone-events are
 * negotiated. A failure says what to change on the PBX.
 */
final class SipChecks {
    private static final long REGISTER_WAIT_MS = 10_000;
    private static final long ANSWER_WAIT_MS = 15_000;

    private SipChecks() {}

    static List<Check> run(LineConfig line) {
        List<Check> checks = new ArrayList<>();
        SipSettings settings;
        try {
            SipSettings configured = line.sipSettings(null);
            settings = new SipSettings(
                    configured.user(),
                    configured.domain(),
                    new InetSocketAddress(configured.listen().getHostString(), freePort(configured.listen())),
                    configured.registrar(),
                    configured.password(),
                    configured.transport(),
                    0,
                    configured.caFile());
        } catch (IOException | IllegalArgumentException e) {
            checks.add(new Check("sip", false, e.getMessage(), "correct the sip.* fields (see docs/line.md)"));
            return checks;
        }
        SipPhone.Listener ignore = new SipPhone.Listener() {
            @Override
            public void incoming(SipCall call) {}

            @Override
            public void missed(SipCall call) {}

            @Override
            public void callerHungUp(SipCall call, SipCall.State before) {}
        };
        try (SipPhone phone = SipPhone.start(settings, ignore)) {
            Check registered = registration(phone, line);
            checks.add(registered);
            if (!registered.ok()) {
                return checks; // a test call would go nowhere
            }
            if (line.sipTestUri() == null) {
                checks.add(new Check(
                        "codecs",
                        true,
                        "not checked: set sip.test.uri to an extension that answers (an echo test) to check codecs"
                                + " and keys",
                        null));
                return checks;
            }
            testCall(phone, line.sipTestUri(), checks);
        } catch (IOException e) {
            checks.add(new Check("sip", false, e.getMessage(), "correct sip.listen (see docs/line.md)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("sip", false, "interrupted", null));
        }
        return checks;
    }

    /** A port free for both UDP and TCP on the listening address (the SIP stack takes no port 0). */
    private static int freePort(InetSocketAddress listen) throws IOException {
        InetAddress host = InetAddress.getByName(listen.getHostString());
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0));
                    ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, host)) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // that port is taken for TCP: try another
            }
        }
        throw new IOException("no free port for SIP on " + host.getHostAddress());
    }

    private static Check registration(SipPhone phone, LineConfig line) throws InterruptedException {
        if (line.sipRegistrar() == null) {
            return new Check(
                    "sip", true, line.sipUri() + ": no registrar; callers reach this desk at sip.listen", null);
        }
        long deadline = System.currentTimeMillis() + REGISTER_WAIT_MS;
        Registration r = phone.registration();
        while ((r.state() == Registration.State.REGISTERING || r.state() == Registration.State.NONE)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            r = phone.registration();
        }
        if (r.state() == Registration.State.REGISTERED) {
            return new Check("sip", true, line.sipUri() + " " + r.detail(), null);
        }
        String fix = switch (r.status()) {
            case 401, 403, 407 -> "check sip.uri and sip.password.file against the user set up on the PBX";
            case 408 ->
                "check sip.registrar and sip.transport, and that the network lets SIP through"
                        + " (UDP and TCP 5060, TLS 5061)";
            case 0 -> "check sip.registrar, sip.transport and sip.ca.file";
            default -> "ask the PBX's administrator why it refuses the registration";
        };
        return new Check("sip", false, line.sipUri() + " not registered: " + r.detail(), fix);
    }

    private static void testCall(SipPhone phone, String uri, List<Check> checks) throws InterruptedException {
        SipCall call;
        try {
            call = phone.dial(uri);
        } catch (IOException | IllegalArgumentException e) {
            checks.add(
                    new Check("codecs", false, "cannot call " + uri + ": " + e.getMessage(), "correct sip.test.uri"));
            return;
        }
        boolean answered = call.await(SipCall.State.TALKING, ANSWER_WAIT_MS);
        try {
            if (!answered) {
                String refusal = call.refusal();
                if (refusal == null) {
                    checks.add(new Check(
                            "codecs",
                            false,
                            uri + " did not answer within " + ANSWER_WAIT_MS / 1000 + " s",
                            "make sip.test.uri an extension that answers at once (an echo test)"));
                } else if (refusal.startsWith("488") || refusal.startsWith("415") || refusal.startsWith("606")) {
                    checks.add(new Check(
                            "codecs",
                            false,
                            uri + " refused G.711 (PCMU, PCMA): " + refusal,
                            "allow G.711 (PCMU or PCMA) between the PBX and this agent, without transcoding to a"
                                    + " low-rate codec"));
                } else {
                    checks.add(new Check(
                            "codecs",
                            false,
                            uri + " refused the test call: " + refusal,
                            "make sip.test.uri an extension this agent may call"));
                }
                return;
            }
            checks.add(new Check("codecs", true, call.codec() + " answered by " + uri, null));
            checks.add(
                    call.telephoneEvents()
                            ? new Check("keys", true, "RFC 4733 telephone-events negotiated", null)
                            : new Check(
                                    "keys",
                                    false,
                                    "no RFC 4733 telephone-events in the answer: the caller's keys arrive only as"
                                            + " in-band tones",
                                    "enable RFC 4733 (telephone-event) toward the agent, or at least turn off DTMF"
                                            + " suppression so that in-band tones pass"));
        } finally {
            phone.hangUp(call);
        }
    }
}
