package io.cxpulse.agent.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/** Finds the javax.sound mixers (sound cards, USB phone adapters, line interfaces) that can play or capture. */
public final class AudioDevices {

    /**
     * One mixer.
     *
     * @param name the name to choose it by
     * @param description the driver's description
     * @param vendor the driver's vendor
     * @param playback whether it can play to the line
     * @param capture whether it can capture from the line
     */
    public record Device(String name, String description, String vendor, boolean playback, boolean capture) {}

    private AudioDevices() {}

    /** Every mixer that can play or capture, in the order the system lists them. */
    public static List<Device> list() {
        List<Device> out = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(info);
            boolean play = m.getSourceLineInfo().length > 0 && hasLine(m, SourceDataLine.class, true);
            boolean capture = m.getTargetLineInfo().length > 0 && hasLine(m, TargetDataLine.class, false);
            if (play || capture) {
                out.add(new Device(info.getName(), info.getDescription(), info.getVendor(), play, capture));
            }
        }
        return out;
    }

    /**
     * The mixer with this name: an exact match, else the only one whose name contains it (ignoring case).
     *
     * @param playback true to look among playback mixers, false among capture mixers
     * @throws AudioDeviceException when there is none or the name is ambiguous; the message lists the candidates
     */
    public static Mixer find(String name, boolean playback) {
        String what = playback ? "playback" : "capture";
        List<Mixer.Info> candidates = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(info);
            if (playback ? hasLine(m, SourceDataLine.class, true) : hasLine(m, TargetDataLine.class, false)) {
                candidates.add(info);
            }
        }
        for (Mixer.Info info : candidates) {
            if (info.getName().equals(name)) {
                return AudioSystem.getMixer(info);
            }
        }
        List<Mixer.Info> partial = new ArrayList<>();
        for (Mixer.Info info : candidates) {
            if (info.getName().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
                partial.add(info);
            }
        }
        if (partial.size() == 1) {
            return AudioSystem.getMixer(partial.get(0));
        }
        if (partial.size() > 1) {
            throw new AudioDeviceException("more than one " + what + " device matches \"" + name + "\": "
                    + names(partial) + "; give the full name");
        }
        throw new AudioDeviceException("no " + what + " device named \"" + name + "\"; "
                + (candidates.isEmpty()
                        ? "this machine has no " + what + " devices (is the USB adapter plugged in?)"
                        : "available: " + names(candidates) + " (see cx-agent audio list)"));
    }

    private static boolean hasLine(Mixer m, Class<?> type, boolean source) {
        for (javax.sound.sampled.Line.Info i : source ? m.getSourceLineInfo() : m.getTargetLineInfo()) {
            if (type.isAssignableFrom(i.getLineClass())) {
                return true;
            }
        }
        return false;
    }

    private static String names(List<Mixer.Info> infos) {
        List<String> names = new ArrayList<>();
        for (Mixer.Info i : infos) {
            names.add("\"" + i.getName() + "\"");
        }
        return String.join(", ", names);
    }
}
