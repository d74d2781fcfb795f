package io.cxpulse.agent.ui;

import io.cxpulse.agent.config.DeskSetup;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The first-run set-up window: a thin view of a {@link SetupModel}. The agent sees the headset found, picks the line
 * devices, tests the line (a clear pass or fail), types the server's address and the admin's enrolment code, and
 * finishes; every step runs on the model's thread, never on the event thread. Closing the window before the end
 * writes nothing. Its components are named ({@code setup.server}, {@code setup.finish}, ...) for tests.
 */
public final class SetupWindow {
    private static final int TEXT_WIDTH = 390;
    /** Beside a button. */
    private static final int NARROW_WIDTH = 310;

    private final SetupModel model;
    private final JFrame frame = new JFrame();
    private final JLabel intro = label("setup.intro");
    private final JLabel headsetTitle = title();
    private final JLabel headsetLine = label("setup.headset.line");
    private final JButton rescan = button("setup.rescan");
    private final JLabel devicesTitle = title();
    private final JLabel playbackLabel = new JLabel();
    private final JLabel captureLabel = new JLabel();
    private final JComboBox<String> playback = combo("setup.playback");
    private final JComboBox<String> capture = combo("setup.capture");
    private final JLabel devicesLine = label("setup.devices.line");
    private final JLabel selfTestTitle = title();
    private final JLabel selfTestHint = label("setup.selftest.hint");
    private final JButton selfTest = button("setup.selftest.run");
    private final JLabel selfTestLine = label("setup.selftest.line");
    private final JLabel enrolTitle = title();
    private final JLabel serverLabel = new JLabel();
    private final JTextField server = field("setup.server");
    private final JLabel codeLabel = new JLabel();
    private final JTextField code = field("setup.code");
    private final JLabel codeHint = label("setup.code.hint");
    private final JLabel statusLine = label("setup.status");
    private final JButton finish = button("setup.finish");
    private final JComboBox<String> language = new JComboBox<>(new String[] {"English", "简体中文"});
    private final JLabel languageLabel = new JLabel();
    private final AtomicReference<SetupModel.State> latest = new AtomicReference<>();
    private final AtomicBoolean posted = new AtomicBoolean();

    private Texts texts;
    private boolean languageChosen;
    private SetupModel.State shown;
    private DeskSetup.Devices shownDevices;

    /** Builds the window on the event thread and subscribes it to the model; {@link #show()} shows it. */
    public SetupWindow(SetupModel model, Texts texts) {
        if (!SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("the window is built on the event thread");
        }
        this.model = model;
        this.texts = texts;

        JPanel content = new JPanel(new BorderLayout());
        content.setBorder(BorderFactory.createEmptyBorder(12, 16, 12, 16));
        JPanel top = new JPanel();
        top.setLayout(new BoxLayout(top, BoxLayout.X_AXIS));
        top.add(Box.createHorizontalGlue());
        top.add(languageLabel);
        top.add(Box.createHorizontalStrut(6));
        language.setName("setup.language");
        language.setMaximumSize(language.getPreferredSize());
        language.setSelectedIndex(texts.locale().getLanguage().equals("zh") ? 1 : 0);
        language.addActionListener(e -> {
            languageChosen = true;
            switchLanguage(language.getSelectedIndex() == 1 ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH);
        });
        top.add(language);
        content.add(top, BorderLayout.NORTH);

        JPanel form = new JPanel(new GridBagLayout());
        Row row = new Row(form);
        row.wide(intro, 4);
        row.wide(headsetTitle, 12);
        row.wide(withButton(headsetLine, rescan), 2);
        row.wide(devicesTitle, 12);
        row.pair(playbackLabel, playback);
        row.pair(captureLabel, capture);
        row.wide(devicesLine, 2);
        row.wide(selfTestTitle, 12);
        row.wide(selfTestHint, 0);
        row.wide(withButton(selfTestLine, selfTest), 4);
        row.wide(enrolTitle, 12);
        row.pair(serverLabel, server);
        row.pair(codeLabel, code);
        row.wide(codeHint, 0);
        row.glue();
        content.add(form, BorderLayout.CENTER);

        JPanel bottom = new JPanel(new BorderLayout(12, 0));
        bottom.add(statusLine, BorderLayout.CENTER);
        bottom.add(finish, BorderLayout.EAST);
        content.add(bottom, BorderLayout.SOUTH);

        rescan.addActionListener(e -> model.scan());
        selfTest.addActionListener(e -> model.selfTest(selected(playback), selected(capture)));
        finish.addActionListener(e -> model.finish(new SetupModel.Answers(
                server.getText(),
                code.getText(),
                selected(playback),
                selected(capture),
                languageChosen ? this.texts.locale() : null)));

        frame.setContentPane(content);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                model.close();
                frame.dispose();
            }
        });
        frame.setIconImages(List.of(
                DesktopWindow.icon(16, StatusText.Tone.INFO),
                DesktopWindow.icon(32, StatusText.Tone.INFO),
                DesktopWindow.icon(64, StatusText.Tone.INFO)));
        frame.setMinimumSize(new Dimension(560, 640));
        frame.setSize(new Dimension(580, 660));
        applyTexts();
        model.subscribe(this::post);
    }

    /**
     * Reads both languages' texts, builds and shows the window on the event thread in the given theme, then warms
     * the fonts (as {@link DesktopApp} does) and starts the model's first look for the headset and devices. Call off
     * the event thread.
     */
    public static SetupWindow open(SetupModel model, Locale locale, boolean dark)
            throws InterruptedException, InvocationTargetException {
        if (SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("the set-up is opened off the event thread");
        }
        Texts.LOCALES.forEach(Texts::of);
        AtomicReference<SetupWindow> window = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            Theme.install(dark);
            window.set(new SetupWindow(model, Texts.of(locale)));
            window.get().show();
        });
        DesktopApp.warmFonts();
        model.scan();
        return window.get();
    }

    public void show() {
        frame.setLocationRelativeTo(null);
        frame.setVisible(true);
        frame.toFront();
        frame.requestFocus();
    }

    /** Closes the window (once the main window is up). */
    public void dispose() {
        frame.dispose();
    }

    public JFrame frame() {
        return frame;
    }

    public Texts texts() {
        return texts;
    }

    /** Switches the window's language; chosen here, it is also written to the configuration. */
    public void switchLanguage(Locale locale) {
        if (Texts.supported(locale).equals(texts.locale())) {
            return;
        }
        texts = Texts.of(locale);
        language.setSelectedIndex(texts.locale().getLanguage().equals("zh") ? 1 : 0);
        applyTexts();
        render();
    }

    private void applyTexts() {
        frame.setTitle(texts.get("setup.title"));
        languageLabel.setText(texts.get("menu.language"));
        setText(intro, texts.get("setup.intro"));
        headsetTitle.setText(texts.get("setup.headset"));
        rescan.setText(texts.get("setup.rescan"));
        devicesTitle.setText(texts.get("setup.devices"));
        playbackLabel.setText(texts.get("setup.playback"));
        captureLabel.setText(texts.get("setup.capture"));
        selfTestTitle.setText(texts.get("setup.selftest"));
        setText(selfTestHint, texts.get("setup.selftest.hint"));
        selfTest.setText(texts.get("setup.selftest.run"));
        enrolTitle.setText(texts.get("setup.enrol"));
        serverLabel.setText(texts.get("setup.server"));
        codeLabel.setText(texts.get("setup.code"));
        setText(codeHint, texts.get("setup.code.hint"));
        finish.setText(texts.get("setup.finish"));
    }

    /** Called on any thread: keeps the newest snapshot and posts one repaint for however many arrive. */
    private void post(SetupModel.State state) {
        latest.set(state);
        if (posted.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                posted.set(false);
                shown = latest.get();
                render();
            });
        }
    }

    private void render() {
        SetupModel.State s = shown;
        if (s == null) {
            return;
        }
        SetupText words = new SetupText(texts);
        show(headsetLine, words.headset(s));
        show(devicesLine, words.devices(s));
        show(selfTestLine, words.selfTest(s));
        show(statusLine, words.status(s));
        if (!Objects.equals(s.devices(), shownDevices)) {
            shownDevices = s.devices();
            fill(playback, s.devices().playback());
            fill(capture, s.devices().capture());
        }
        boolean idle = s.task() == SetupModel.Task.NONE && s.written() == null;
        for (JComponent c : new JComponent[] {rescan, selfTest, finish, playback, capture, server, code}) {
            c.setEnabled(idle);
        }
    }

    private static void fill(JComboBox<String> box, List<String> names) {
        Object was = box.getSelectedItem();
        box.setModel(new DefaultComboBoxModel<>(names.toArray(new String[0])));
        if (was != null && names.contains(was)) {
            box.setSelectedItem(was);
        }
    }

    private static String selected(JComboBox<String> box) {
        Object o = box.getSelectedItem();
        return o == null ? null : o.toString();
    }

    private static void show(JLabel label, StatusText.Line line) {
        setText(label, line.text());
        label.setForeground(line.tone() == StatusText.Tone.INFO ? null : DesktopWindow.color(line.tone()));
        label.putClientProperty("setup.tone", line.tone());
    }

    /** Plain text, wrapped to the window's width; what a label shows is never read as markup. */
    private static void setText(JLabel label, String text) {
        int width = label.getClientProperty("setup.narrow") != null ? NARROW_WIDTH : TEXT_WIDTH;
        String html = "<html><div style='width:" + width + "px'>"
                + text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\n", "<br>")
                + "</div></html>";
        if (!html.equals(label.getText())) {
            label.setText(html);
            label.putClientProperty("setup.text", text);
        }
    }

    /** The plain text a label shows (tests read it). */
    public static String text(JLabel label) {
        Object t = label.getClientProperty("setup.text");
        return t == null ? label.getText() : t.toString();
    }

    private static JPanel withButton(JLabel text, JButton button) {
        text.putClientProperty("setup.narrow", Boolean.TRUE);
        JPanel p = new JPanel(new BorderLayout(10, 0));
        p.add(text, BorderLayout.CENTER);
        JPanel right = new JPanel(new BorderLayout());
        right.add(button, BorderLayout.NORTH);
        p.add(right, BorderLayout.EAST);
        return p;
    }

    private static JLabel title() {
        JLabel l = new JLabel();
        l.setFont(l.getFont().deriveFont(Font.BOLD));
        return l;
    }

    private static JLabel label(String name) {
        JLabel l = new JLabel(" ");
        l.setName(name);
        return l;
    }

    private static JButton button(String name) {
        JButton b = new JButton();
        b.setName(name);
        return b;
    }

    private static JComboBox<String> combo(String name) {
        JComboBox<String> c = new JComboBox<>();
        c.setName(name);
        return c;
    }

    private static JTextField field(String name) {
        JTextField f = new JTextField(24);
        f.setName(name);
        return f;
    }

    /** Lays the form out row by row. */
    private static final class Row {
        private final JPanel panel;
        private final GridBagConstraints c = new GridBagConstraints();
        private int y;

        Row(JPanel panel) {
            this.panel = panel;
            c.anchor = GridBagConstraints.WEST;
            c.fill = GridBagConstraints.HORIZONTAL;
        }

        void wide(JComponent comp, int gapAbove) {
            c.gridx = 0;
            c.gridy = y++;
            c.gridwidth = 2;
            c.weightx = 1;
            c.insets = new Insets(gapAbove, 0, 2, 0);
            panel.add(comp, c);
        }

        void pair(JComponent left, JComponent right) {
            c.gridy = y++;
            c.gridwidth = 1;
            c.gridx = 0;
            c.weightx = 0;
            c.insets = new Insets(3, 0, 3, 10);
            panel.add(left, c);
            c.gridx = 1;
            c.weightx = 1;
            c.insets = new Insets(3, 0, 3, 0);
            panel.add(right, c);
        }

        void glue() {
            c.gridx = 0;
            c.gridy = y;
            c.weighty = 1;
            panel.add(Box.createVerticalGlue(), c);
        }
    }
}
