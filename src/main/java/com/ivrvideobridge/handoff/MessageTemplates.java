package com.ivrvideobridge.handoff;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bridge.messages.<locale>.<name>}: the texts we send and the prompts the IVR plays, per
 * locale, with {@code {link}} replaced by the landing link. Looked up for the exact locale, then
 * its language, then the default locale.
 */
@ConfigurationProperties("bridge")
public class MessageTemplates {

    private Map<String, Map<String, String>> messages = new LinkedHashMap<>();

    public Map<String, Map<String, String>> getMessages() {
        return messages;
    }

    public void setMessages(Map<String, Map<String, String>> messages) {
        this.messages = messages;
    }

    public String render(String name, String locale, String defaultLocale, String link) {
        return render(name, locale, defaultLocale, Map.of("link", link == null ? "" : link));
    }

    /** The template with each {@code {key}} replaced by its value. */
    public String render(String name, String locale, String defaultLocale, Map<String, String> values) {
        String template = lookup(name, locale);
        if (template == null) {
            template = lookup(name, defaultLocale);
        }
        if (template == null) {
            throw new IllegalStateException("No message template bridge.messages." + defaultLocale + "." + name);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            template = template.replace("{" + value.getKey() + "}", value.getValue());
        }
        return template;
    }

    private String lookup(String name, String locale) {
        if (locale == null) {
            return null;
        }
        for (String candidate : new String[] {locale, locale.split("-")[0]}) {
            for (Map.Entry<String, Map<String, String>> entry : messages.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(candidate.toLowerCase(Locale.ROOT))
                        && entry.getValue().containsKey(name)) {
                    return entry.getValue().get(name);
                }
            }
        }
        return null;
    }
}
