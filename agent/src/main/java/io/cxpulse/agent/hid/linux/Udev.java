package io.cxpulse.agent.hid.linux;

/** Where the fix for a refused hidraw node lives: the udev rule shipped in {@code native-config/}. */
public final class Udev {
    /** The rule file, relative to the repository and to the agent jar's resources. */
    public static final String RULES = "native-config/linux/70-cx-pulse-headsets.rules";

    private Udev() {}

    /** One-line fix for a permission-denied node. */
    public static String permissionFix(String node) {
        return "permission denied on " + node + ": install " + RULES + " into /etc/udev/rules.d/, run"
                + " 'sudo udevadm control --reload && sudo udevadm trigger', then replug the headset";
    }
}
