package io.cxpulse.agent.ui;

import java.awt.AWTException;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's icon in the desktop's tray, where it has one: its dot shows whether all is well, its menu shows the
 * window or quits (after confirmation). Touched on the event thread only.
 */
public final class DesktopTray {
    private static final Logger log = LoggerFactory.getLogger(DesktopTray.class);

    private final TrayIcon icon;
    private final MenuItem show = new MenuItem();
    private final MenuItem quit = new MenuItem();
    private StatusText.Tone tone = StatusText.Tone.INFO;

    private DesktopTray(TrayIcon icon) {
        this.icon = icon;
    }

    /** Adds the icon to the tray, or returns null when the desktop has no tray (the window is enough then). */
    public static DesktopTray install(Runnable onShow, Runnable onQuit) {
        if (!SystemTray.isSupported()) {
            log.info("this desktop has no system tray; closing the window asks to quit");
            return null;
        }
        SystemTray tray = SystemTray.getSystemTray();
        int size = tray.getTrayIconSize().height;
        TrayIcon icon = new TrayIcon(DesktopWindow.icon(Math.max(16, size), StatusText.Tone.INFO), "CX Pulse");
        icon.setImageAutoSize(true);
        DesktopTray t = new DesktopTray(icon);
        PopupMenu menu = new PopupMenu();
        t.show.addActionListener(e -> onShow.run());
        t.quit.addActionListener(e -> onQuit.run());
        menu.add(t.show);
        menu.addSeparator();
        menu.add(t.quit);
        icon.setPopupMenu(menu);
        icon.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getButton() == MouseEvent.BUTTON1) {
                    onShow.run();
                }
            }
        });
        try {
            tray.add(icon);
        } catch (AWTException e) {
            log.info("the system tray refused the icon ({}); closing the window asks to quit", e.getMessage());
            return null;
        }
        return t;
    }

    /** Updates the menu's words, the tooltip and the icon's dot. */
    public void update(Texts texts, StatusText.Tone tone, String summary) {
        show.setLabel(texts.get("menu.show"));
        quit.setLabel(texts.get("menu.quit"));
        icon.setToolTip(texts.get("tray.tooltip", summary));
        if (tone != this.tone) {
            this.tone = tone;
            icon.setImage(DesktopWindow.icon(icon.getSize().height, tone));
        }
    }

    public void remove() {
        SystemTray.getSystemTray().remove(icon);
    }
}
