package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.codec.G711;
import io.cxpulse.testsupport.TestAudio;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LineSelfTestTest {

    /** A line that sends back what is played, changed by the telephone system in between. */
    private static final class LoopLine implements Line {
        private final UnaryOperator<short[]> path;
        private short[] last = new short[0];

        LoopLine(UnaryOperator<short[]> path) {
            this.path = path;
        }

        @Override
        public void write(short[] pcm, int off, int len) {
            short[] frame = new short[len];
            System.arraycopy(pcm, off, frame, 0, len);
            last = path.apply(frame);
        }

        @Override
        public void discardQueued() {}

        @Override
        public int read(short[] pcm, int off, int len) {
            System.arraycopy(last, 0, pcm, off, len);
            return len;
        }

        @Override
        public boolean released() {
            return false;
        }

        @Override
        public void close() {}
    }

    @Test
    void cleanLoopAndG711Pass() {
        LineSelfTest.Report clean = LineSelfTest.run(new LoopLine(f -> f));
        assertThat(clean.passed()).isTrue();
        assertThat(clean.decoded()).isEqualTo("1234567890*#");
        assertThat(clean.marginDecoded()).isEqualTo("1234567890*#");
        assertThat(clean.delayMillis()).isZero();
        assertThat(clean.findings())
                .containsExactly("All keys came back and were decoded, short quiet ones too: the line carries DTMF.");

        assertThat(LineSelfTest.run(new LoopLine(f -> G711.decodeAlaw(G711.encodeAlaw(f))))
                        .passed())
                .isTrue();
        assertThat(LineSelfTest.run(new LoopLine(f -> G711.decodeUlaw(G711.encodeUlaw(f))))
                        .passed())
                .isTrue();
    }

    @Test
    void silentLineSaysNothingCameBack() {
        LineSelfTest.Report r = LineSelfTest.run(new LoopLine(f -> new short[f.length]));
        assertThat(r.passed()).isFalse();
        assertThat(r.decoded()).isEmpty();
        assertThat(r.delayMillis()).isEqualTo(-1);
        assertThat(r.findings()).singleElement().asString().startsWith("Nothing came back from the line.");
    }

    @Test
    void toneStrippingSystemIsNamedWithWhatToChange() {
        // the system replaces in-band tones by comfort noise
        LineSelfTest.Report r = LineSelfTest.run(new LoopLine(f -> TestAudio.noise(f.length / 8000.0, 500, 3)));
        assertThat(r.passed()).isFalse();
        assertThat(r.findings())
                .singleElement()
                .asString()
                .startsWith("Audio comes back but no key was recognised")
                .contains("G.711")
                .contains("RFC 4733");
    }

    @Test
    void quietLineWarnsAboutTheLevel() {
        LineSelfTest.Report r = LineSelfTest.run(new LoopLine(f -> {
            short[] out = new short[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = (short) (f[i] / 40);
            }
            return out;
        }));
        assertThat(r.levelDbfs()).isLessThan(-40);
        assertThat(r.findings()).anySatisfy(f -> assertThat(f).startsWith("The keys come back very quiet"));
    }
}
