package io.cxpulse.agent.ui;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The window's words in one language: English or Simplified Chinese, from {@code ui/messages*.properties}. */
public final class Texts {
    /** The languages the window speaks, in the order the switch offers them. */
    public static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private static final String BUNDLE = "io.cxpulse.agent.ui.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    private Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(
                BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static final Map<Locale, Texts> LOADED = new ConcurrentHashMap<>();

    /**
     * The texts of the supported language nearest to {@code locale}: Chinese for any zh locale, else English. Each
     * language is read from the jar once; {@link DesktopApp} reads both before the window opens, so that switching
     * never reads a file on the event thread.
     */
    public static Texts of(Locale locale) {
        return LOADED.computeIfAbsent(supported(locale), Texts::new);
    }

    /** Chinese for any {@code zh} locale, English otherwise. */
    public static Locale supported(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key}, with {@code {0}}... replaced by the arguments. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text \"" + key + "\" for " + locale, e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** Every key of this language. */
    public Set<String> keys() {
        return bundle.keySet();
    }
}
