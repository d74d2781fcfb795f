package io.cxpulse.agent.dtmf;

import io.cxpulse.agent.audio.WavFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The talk-off set: English and Mandarin speech from espeak-ng in several voices, pitches and speeds, plus synthesized
 * music, all at 8 kHz. Built on first use and cached as WAV files under {@code target/talkoff/}.
 */
final class TalkOffCorpus {

    /** One clip of the set. */
    record Clip(String name, short[] pcm) {
        double seconds() {
            return pcm.length / 8000.0;
        }
    }

    /** espeak-ng voice, words per minute, pitch (0-99), text resource. */
    private static final String[][] SPEECH = {
        {"en-us", "165", "50", "english.txt"},
        {"en-us+f2", "175", "70", "english.txt"},
        {"en-gb+f4", "160", "85", "english.txt"},
        {"en-gb-scotland+m3", "185", "35", "english.txt"},
        {"en-029+f3", "150", "60", "english.txt"},
        {"en-us+m7", "170", "20", "english.txt"},
        {"cmn", "160", "50", "mandarin.txt"},
        {"cmn+f2", "170", "75", "mandarin.txt"},
        {"cmn+f4", "150", "90", "mandarin.txt"},
        {"cmn+m3", "180", "30", "mandarin.txt"},
    };

    private static final int MUSIC_PIECES = 4;
    private static final double MUSIC_SECONDS = 60;

    private TalkOffCorpus() {}

    static List<Clip> load(Path espeak, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Clip> clips = new ArrayList<>();
        for (String[] s : SPEECH) {
            String name =
                    "speech-" + s[0].replace('+', '_') + "-s" + s[1] + "-p" + s[2] + "-" + s[3].replace(".txt", "");
            Path cached = dir.resolve(name + ".8k.wav");
            if (!Files.exists(cached)) {
                Path text = dir.resolve(s[3]);
                try (InputStream in = TalkOffCorpus.class.getResourceAsStream("/talkoff/" + s[3])) {
                    Files.write(text, in.readAllBytes());
                }
                Path raw = dir.resolve(name + ".espeak.wav");
                Process p = new ProcessBuilder(
                                espeak.toString(),
                                "-v",
                                s[0],
                                "-s",
                                s[1],
                                "-p",
                                s[2],
                                "-b",
                                "1",
                                "-w",
                                raw.toString(),
                                "-f",
                                text.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("espeak-ng -v " + s[0] + " failed: " + output.strip());
                }
                short[] pcm = WavFiles.read8kMono(raw);
                Files.delete(raw);
                WavFiles.write(cached, pcm, 8000);
            }
            clips.add(new Clip(name, WavFiles.read8kMono(cached)));
        }
        for (int i = 0; i < MUSIC_PIECES; i++) {
            String name = "music-" + i;
            Path cached = dir.resolve(name + ".8k.wav");
            if (!Files.exists(cached)) {
                WavFiles.write(cached, MusicSynth.render(1000 + i, MUSIC_SECONDS, 8000), 8000);
            }
            clips.add(new Clip(name, WavFiles.read8kMono(cached)));
        }
        return clips;
    }
}
