package io.l7mp.mcw.testkit;

import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * One watch of one kind, served over WebSocket: the events of the changes its query matches, as {@code WatchEvent}
 * JSON. What it receives first is {@link IndexedCrudDispatcher#open}'s business (the objects that exist, or the
 * changes after a resource version).
 */
final class IndexedWatch extends WebSocketListener {

    private final KindIndex.Kind kind;
    private final AttributeSet query;
    private final String resourceVersion;
    private final IndexedCrudDispatcher store;
    private final AtomicReference<WebSocket> socket = new AtomicReference<>();

    IndexedWatch(KindIndex.Kind kind, AttributeSet query, String resourceVersion, IndexedCrudDispatcher store) {
        this.kind = kind;
        this.query = query;
        this.resourceVersion = resourceVersion;
        this.store = store;
    }

    KindIndex.Kind kind() {
        return kind;
    }

    AttributeSet query() {
        return query;
    }

    /** The resource version the client asked to start after; "" or "0" for the objects that exist now. */
    String resourceVersion() {
        return resourceVersion;
    }

    boolean matches(AttributeSet attributes) {
        return attributes != null && attributes.matches(query);
    }

    /** Sends the event a change means to this watch, if any, as fabric8's store decides it. */
    void deliver(KindIndex.Change change) {
        boolean before = matches(change.beforeAttributes());
        boolean after = matches(change.afterAttributes());
        if (before && after) {
            send("MODIFIED", change.after());
        } else if (before) {
            send("DELETED", change.before());
        } else if (after) {
            send("ADDED", change.after());
        }
    }

    void send(String type, String object) {
        WebSocket webSocket = socket.get();
        if (webSocket != null) {
            webSocket.send("{\"type\":\"" + type + "\",\"object\":" + object + "}");
        }
    }

    /** Ends the watch as a real API server ends one whose resource version is too old: 410 Gone, then close. */
    void expire(String message) {
        send("ERROR", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + Serialization.asJson(message)
                + ",\"reason\":\"Expired\",\"code\":410}");
        WebSocket webSocket = socket.get();
        if (webSocket != null) {
            webSocket.close(1000, message);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        socket.set(webSocket);
        store.open(this);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, reason);
        store.close(this);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        store.close(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        webSocket.close(1000, String.valueOf(error.getMessage()));
        store.close(this);
    }
}
