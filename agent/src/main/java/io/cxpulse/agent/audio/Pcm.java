package io.cxpulse.agent.audio;

/** Small building blocks for 16-bit PCM signals: joining parts and making the exchange's cadenced tones. */
public final class Pcm {
    private Pcm() {}

    /** The parts one after the other. */
    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * A tone of one or more frequencies (each at {@code amplitude}, 16-bit units), switched on for {@code onMillis}
     * and off for {@code offMillis} in turn, as busy and reorder tones are; {@code offMillis} 0 is a steady tone.
     */
    public static short[] cadencedTone(
            int sampleRate, double seconds, int onMillis, int offMillis, double amplitude, double... hz) {
        short[] out = new short[(int) Math.round(seconds * sampleRate)];
        int period = (onMillis + offMillis) * sampleRate / 1000;
        int on = onMillis * sampleRate / 1000;
        for (int i = 0; i < out.length; i++) {
            if (offMillis == 0 || i % period < on) {
                double v = 0;
                for (double f : hz) {
                    v += amplitude * Math.sin(2 * Math.PI * f * i / sampleRate);
                }
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
            }
        }
        return out;
    }
}
