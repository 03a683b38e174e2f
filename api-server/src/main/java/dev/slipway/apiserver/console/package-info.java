/**
 * The web console: server-rendered pages (Freemarker, HTML auto-escaping) on the API server's own
 * caches, a server-side session that holds the user's Kubernetes token, and actions that go
 * through the API itself with that token, so a button is authorised exactly as the API call it
 * stands for. Live updates come from the API's event stream; the page fetches fresh HTML when a
 * release or build changes.
 */
package dev.slipway.apiserver.console;
