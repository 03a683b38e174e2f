package dev.slipway.apiserver.console;

/**
 * A line at the top of the next page, left by an action for the page its redirect shows: {@code kind}
 * is {@code ok} or {@code error}. Public for the templates, which read only public types.
 */
public record Notice(String kind, String text) {

    static Notice ok(String text) {
        return new Notice("ok", text);
    }

    static Notice error(String text) {
        return new Notice("error", text);
    }
}
