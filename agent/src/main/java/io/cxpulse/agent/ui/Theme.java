package io.cxpulse.agent.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.swing.UIManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window's look: FlatLaf light or dark, following the desktop's own setting unless the configuration says. */
public final class Theme {
    private static final Logger log = LoggerFactory.getLogger(Theme.class);

    private Theme() {}

    /**
     * Whether the theme is dark: {@code light} and {@code dark} say so, {@code system} asks the desktop. Runs small
     * programs (gsettings, reg, defaults): call it off the event thread.
     */
    public static boolean dark(String setting) {
        return switch (setting) {
            case "dark" -> true;
            case "light" -> false;
            default -> systemPrefersDark();
        };
    }

    /**
     * Installs the look and feel; call on the event thread before the first window is made. Installed already (the
     * first-run set-up's window came first), it is left as it is: setting it up again takes the event thread for a
     * tenth of a second or more.
     */
    public static void install(boolean dark) {
        Class<?> wanted = dark ? FlatDarkLaf.class : FlatLightLaf.class;
        if (wanted.isInstance(UIManager.getLookAndFeel())) {
            return;
        }
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }

    static boolean systemPrefersDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String out = run(List.of(
                    "reg",
                    "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v",
                    "AppsUseLightTheme"));
            return out.contains("0x0");
        }
        if (os.startsWith("mac")) {
            return run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).contains("Dark");
        }
        String gtkTheme = System.getenv("GTK_THEME");
        if (gtkTheme != null && gtkTheme.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        return run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"))
                .contains("prefer-dark");
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.debug("{} not available: {}", command.get(0), e.getMessage());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
