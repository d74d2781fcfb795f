import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;

/** The footprint benchmark's baseline: a bare JVM showing a hello-world Swing window, and nothing else. */
public final class HelloSwing {
    public static void main(String[] args) {
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame("Hello");
            frame.add(new JLabel("Hello, world"));
            frame.setSize(500, 580);
            frame.setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE);
            frame.setVisible(true);
        });
    }
}
