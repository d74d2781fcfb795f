package io.cxpulse.server.e2e;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/** What the desktop window tests do on the virtual screen: run on the event thread, let it paint, save a screenshot. */
final class Screen {
    /** Where the window tests' screenshots go, with the test output. */
    static final Path SHOTS = Path.of("target", "desktop-screenshots");

    private Screen() {}

    /** Runs {@code task} on the Swing event thread and returns its result, or throws what it threw. */
    static <T> T onEdt(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /**
     * Lets the window paint what it was told and the X server draw it. Robot.waitForIdle would do this by holding the
     * event thread in an X round trip, which the event-thread watch would rightly count against the app.
     */
    static void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            SwingUtilities.invokeAndWait(() -> {});
            Thread.sleep(100);
        }
    }

    /** Saves what {@code bounds} of the screen show as {@code SHOTS/name.png}. */
    static void save(Robot robot, Rectangle bounds, String name) throws Exception {
        Files.createDirectories(SHOTS);
        BufferedImage image = robot.createScreenCapture(bounds);
        ImageIO.write(image, "png", SHOTS.resolve(name + ".png").toFile());
    }
}
