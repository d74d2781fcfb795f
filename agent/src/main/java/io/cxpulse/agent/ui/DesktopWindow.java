package io.cxpulse.agent.ui;

import java.awt.BasicStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Image;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.Icon;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.WindowConstants;

/**
 * The agent's window, titled {@code CX Pulse}: a thin view of a {@link DesktopModel}. It holds no state of its own
 * but the language: every snapshot from the model is posted to the event thread (several quick changes coalesce into
 * one repaint) and turned into text by {@link StatusText}. The only timer ticks once a second while a call is in
 * progress, for the call's clock; between events the window uses no CPU. Nothing here stops or skips a survey.
 */
public final class DesktopWindow {
    /** The sections, in the window's order; also the keys of {@link #shown()}. */
    public static final List<String> SECTIONS =
            List.of("headset", "devices", "link", "call", "survey", "last", "scores");

    private final JFrame frame;
    private final Clock clock;
    private final Runnable onClose;
    private final Consumer<Locale> onLanguage;
    private final Map<String, JLabel> titles = new LinkedHashMap<>();
    private final Map<String, JPanel> values = new LinkedHashMap<>();
    private final JComboBox<String> language = new JComboBox<>(new String[] {"English", "简体中文"});
    private final JLabel languageLabel = new JLabel();
    private final JButton quit = new JButton();
    private final Timer tick;
    private final AtomicReference<DesktopState> latest = new AtomicReference<>();
    private final AtomicBoolean posted = new AtomicBoolean();

    private Texts texts;
    private StatusText status;
    private DesktopState shownState;

    /**
     * Builds the window (on the event thread) and subscribes it to the model; {@link #show()} shows it.
     *
     * @param onClose what closing the window does (hide to the tray, or ask to quit where there is no tray)
     * @param onQuit what the Quit button does (asks for confirmation)
     * @param onLanguage told when the agent switches the language
     */
    public DesktopWindow(
            DesktopModel model,
            Texts texts,
            Clock clock,
            Runnable onClose,
            Runnable onQuit,
            Consumer<Locale> onLanguage) {
        if (!SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("the window is built on the event thread");
        }
        this.clock = clock;
        this.onClose = onClose;
        this.onLanguage = onLanguage;
        this.frame = new JFrame("CX Pulse");
        this.tick = new Timer(1000, e -> render());
        tick.setCoalesce(true);
        setTexts(texts);

        JPanel content = new JPanel(new BorderLayout());
        content.setBorder(BorderFactory.createEmptyBorder(12, 14, 12, 14));

        JPanel top = new JPanel();
        top.setLayout(new BoxLayout(top, BoxLayout.X_AXIS));
        top.add(Box.createHorizontalGlue());
        top.add(languageLabel);
        top.add(Box.createHorizontalStrut(6));
        language.setMaximumSize(language.getPreferredSize());
        language.setSelectedIndex(texts.locale().getLanguage().equals("zh") ? 1 : 0);
        language.addActionListener(
                e -> switchLanguage(language.getSelectedIndex() == 1 ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH));
        top.add(language);
        content.add(top, BorderLayout.NORTH);

        JPanel sections = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.anchor = GridBagConstraints.NORTHWEST;
        int row = 0;
        for (String section : SECTIONS) {
            JLabel title = new JLabel();
            title.setFont(title.getFont().deriveFont(Font.BOLD));
            JPanel value = new JPanel();
            value.setLayout(new BoxLayout(value, BoxLayout.Y_AXIS));
            value.add(line());
            titles.put(section, title);
            values.put(section, value);
            c.gridy = row++;
            c.insets = new Insets(row == 1 ? 4 : 10, 0, 2, 0);
            sections.add(title, c);
            c.gridy = row++;
            c.insets = new Insets(0, 4, 0, 0);
            sections.add(value, c);
        }
        c.gridy = row;
        c.weighty = 1;
        sections.add(Box.createVerticalGlue(), c);
        content.add(sections, BorderLayout.CENTER);

        JPanel bottom = new JPanel();
        bottom.setLayout(new BoxLayout(bottom, BoxLayout.X_AXIS));
        bottom.add(Box.createHorizontalGlue());
        quit.addActionListener(e -> onQuit.run());
        bottom.add(quit);
        content.add(bottom, BorderLayout.SOUTH);

        frame.setContentPane(content);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                DesktopWindow.this.onClose.run();
            }
        });
        frame.setIconImages(
                List.of(icon(16, StatusText.Tone.OK), icon(32, StatusText.Tone.OK), icon(64, StatusText.Tone.OK)));
        frame.setMinimumSize(new Dimension(460, 540));
        frame.setSize(new Dimension(500, 580));
        applyTexts();
        model.subscribe(this::post);
    }

    /** Shows the window and brings it to the front. */
    public void show() {
        frame.setVisible(true);
        frame.setExtendedState(frame.getExtendedState() & ~JFrame.ICONIFIED);
        frame.toFront();
        frame.requestFocus();
    }

    /** Hides the window (the app keeps running). */
    public void hide() {
        frame.setVisible(false);
    }

    public JFrame frame() {
        return frame;
    }

    public Texts texts() {
        return texts;
    }

    /** What each section shows now, by {@link #SECTIONS} key; on the event thread. */
    public Map<String, String> shown() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            StringBuilder text = new StringBuilder();
            for (Component c : v.getComponents()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(((JLabel) c).getText());
            }
            out.put(k, text.toString());
        });
        return out;
    }

    /** Asks whether to quit, saying that calls will not be surveyed; on the event thread. */
    public boolean confirmQuit() {
        Object[] options = {texts.get("quit.yes"), texts.get("quit.no")};
        int choice = JOptionPane.showOptionDialog(
                frame.isVisible() ? frame : null,
                texts.get("quit.message"),
                texts.get("quit.title"),
                JOptionPane.YES_NO_OPTION,
                JOptionPane.WARNING_MESSAGE,
                null,
                options,
                options[1]);
        return choice == 0;
    }

    /** Switches the window's language. */
    public void switchLanguage(Locale locale) {
        if (Texts.supported(locale).equals(texts.locale())) {
            return;
        }
        setTexts(Texts.of(locale));
        language.setSelectedIndex(texts.locale().getLanguage().equals("zh") ? 1 : 0);
        applyTexts();
        render();
        onLanguage.accept(texts.locale());
    }

    private void setTexts(Texts t) {
        this.texts = t;
        this.status = new StatusText(t, ZoneId.systemDefault());
    }

    private void applyTexts() {
        frame.setTitle(texts.get("app.title"));
        languageLabel.setText(texts.get("menu.language"));
        quit.setText(texts.get("menu.quit"));
        Map<String, String> keys = Map.of(
                "headset", "section.headset",
                "devices", "section.devices",
                "link", "section.link",
                "call", "section.call",
                "survey", "section.survey",
                "last", "section.last",
                "scores", "section.scores");
        titles.forEach((k, label) -> label.setText(texts.get(keys.get(k))));
    }

    /** Called on any thread: keeps the newest snapshot and posts one repaint for however many arrive. */
    private void post(DesktopState state) {
        latest.set(state);
        if (posted.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                posted.set(false);
                shownState = latest.get();
                render();
            });
        }
    }

    private void render() {
        DesktopState s = shownState;
        if (s == null) {
            return;
        }
        StatusText.Lines lines = status.lines(s, clock.instant());
        set(
                "headset",
                lines.headsetFix().text().isEmpty()
                        ? List.of(lines.headset())
                        : List.of(lines.headset(), lines.headsetFix()));
        set("devices", List.of(lines.devices()));
        set("link", List.of(lines.link()));
        set("call", List.of(lines.call()));
        set("survey", List.of(lines.survey(), lines.program()));
        set("last", List.of(lines.lastSurvey()));
        List<StatusText.Line> scores = new ArrayList<>(List.of(lines.today(), lines.week()));
        scores.addAll(lines.recent());
        set("scores", scores);
        if (s.call().since() != null && !tick.isRunning()) {
            tick.start();
        } else if (s.call().since() == null && tick.isRunning()) {
            tick.stop();
        }
    }

    /**
     * Shows a section's lines, one plain label each (HTML rendering stays off: a headset's name or a server's words
     * are shown as they are, and the HTML engine is never loaded).
     */
    private void set(String section, List<StatusText.Line> given) {
        List<StatusText.Line> lines = new ArrayList<>();
        for (StatusText.Line l : given) {
            for (String part : l.text().split("\n", -1)) {
                lines.add(new StatusText.Line(part, l.tone()));
            }
        }
        JPanel panel = values.get(section);
        while (panel.getComponentCount() < lines.size()) {
            JLabel more = line();
            more.setBorder(BorderFactory.createEmptyBorder(0, DOT_WIDTH + GAP, 0, 0));
            panel.add(more);
        }
        while (panel.getComponentCount() > lines.size()) {
            panel.remove(panel.getComponentCount() - 1);
        }
        for (int i = 0; i < lines.size(); i++) {
            JLabel label = (JLabel) panel.getComponent(i);
            String text = lines.get(i).text().isEmpty() ? " " : lines.get(i).text();
            if (!text.equals(label.getText())) {
                label.setText(text);
            }
        }
        ((JLabel) panel.getComponent(0)).setIcon(dot(lines.get(0).tone()));
        panel.revalidate();
    }

    private static final int DOT_WIDTH = 11;
    private static final int GAP = 8;

    private static JLabel line() {
        JLabel label = new JLabel(" ");
        label.putClientProperty("html.disable", Boolean.TRUE);
        label.setIconTextGap(GAP);
        label.setAlignmentX(Component.LEFT_ALIGNMENT);
        return label;
    }

    private static final Map<StatusText.Tone, Icon> DOTS = new EnumMap<>(StatusText.Tone.class);

    private static Icon dot(StatusText.Tone tone) {
        return DOTS.computeIfAbsent(tone, t -> new Icon() {
            @Override
            public void paintIcon(Component c, Graphics g, int x, int y) {
                Graphics2D g2 = (Graphics2D) g.create();
                g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g2.setColor(color(t));
                g2.fillOval(x + 1, y + 3, 9, 9);
                g2.dispose();
            }

            @Override
            public int getIconWidth() {
                return DOT_WIDTH;
            }

            @Override
            public int getIconHeight() {
                return 14;
            }
        });
    }

    static Color color(StatusText.Tone tone) {
        return switch (tone) {
            case OK -> new Color(0x2e, 0xa0, 0x43);
            case INFO ->
                UIManager.getColor("Label.disabledForeground") != null
                        ? UIManager.getColor("Label.disabledForeground")
                        : Color.GRAY;
            case WARN -> new Color(0xd9, 0x8c, 0x00);
            case ERROR -> new Color(0xd0, 0x2c, 0x2c);
        };
    }

    /** The app's icon at a size, its dot coloured by a tone (the tray shows the desk's state this way). */
    public static Image icon(int size, StatusText.Tone tone) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1f, 0x5f, 0xbf));
        g.fillRoundRect(0, 0, size, size, size / 3, size / 3);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1.5f, size / 10f)));
        int m = size / 5;
        g.drawArc(m, m, size - 2 * m, size - 2 * m, 200, 140); // a headset's band
        g.setColor(tone == StatusText.Tone.INFO ? Color.LIGHT_GRAY : color(tone));
        int d = size / 3;
        g.fillOval(size - d - 1, size - d - 1, d, d);
        g.dispose();
        return img;
    }
}
