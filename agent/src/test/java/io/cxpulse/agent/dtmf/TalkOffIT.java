package io.cxpulse.agent.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.codec.G711;
import io.cxpulse.testkit.Requirements;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Talk-off: speech (English and Mandarin, several voices) and music must produce no digits at all. */
class TalkOffIT {

    @Test
    void speechAndMusicGiveNoDigits() throws Exception {
        Path espeak = Requirements.binary("espeak-ng");
        List<TalkOffCorpus.Clip> clips = TalkOffCorpus.load(espeak, Path.of("target", "talkoff"));
        double speech = 0;
        double total = 0;
        List<String> falseDigits = new ArrayList<>();
        for (TalkOffCorpus.Clip clip : clips) {
            total += clip.seconds();
            if (clip.name().startsWith("speech")) {
                speech += clip.seconds();
            }
            for (short[] pcm : variants(clip.pcm())) {
                List<DtmfEvent> events = new ArrayList<>();
                DtmfReceiver rx = new DtmfReceiver(8000, new DtmfListener() {
                    @Override
                    public void keyDown(char key, long startSample) {
                        falseDigits.add(clip.name() + ": key down " + key + " at " + startSample / 8000.0 + " s");
                    }

                    @Override
                    public void key(DtmfEvent event) {
                        events.add(event);
                    }
                });
                rx.process(pcm, 0, pcm.length);
                rx.flush();
                for (DtmfEvent e : events) {
                    falseDigits.add(clip.name() + ": " + e);
                }
            }
        }
        assertThat(total).as("talk-off set length in seconds").isGreaterThanOrEqualTo(600);
        assertThat(speech).as("speech in seconds").isGreaterThanOrEqualTo(300);
        assertThat(falseDigits).as("false digits").isEmpty();
    }

    /** The clip as synthesized, 10 dB louder (clipping), and after a µ-law round trip. */
    private static List<short[]> variants(short[] pcm) {
        short[] loud = new short[pcm.length];
        double gain = Math.pow(10, 10 / 20.0);
        for (int i = 0; i < pcm.length; i++) {
            loud[i] = DtmfGenerator.clip(pcm[i] * gain);
        }
        return List.of(pcm, loud, G711.decodeUlaw(G711.encodeUlaw(pcm)));
    }
}
