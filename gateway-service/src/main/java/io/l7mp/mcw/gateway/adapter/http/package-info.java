/**
 * The gateway's data plane on the Vert.x instance Quarkus runs: byte handling only, every decision through the
 * {@link io.l7mp.mcw.gateway.domain.RouteTable} in force ({@link io.l7mp.mcw.gateway.app.RouteTableHolder#current()},
 * read once per request or connection).
 * <ul>
 * <li>{@link io.l7mp.mcw.gateway.adapter.http.ListenerManager} opens and closes listeners as the table changes: one
 * HTTP/1.1 + h2c + CONNECT server per ingress port, one HTTP or TCP server per egress port, and the Host-routing
 * HTTP listener ({@code mcw.gateway.egress-http-port}).</li>
 * <li>Request bodies are buffered up to {@code mcw.gateway.max-body-size} so that a failed attempt can be replayed
 * on the next candidate; responses (body and trailers) are streamed with back-pressure. Client-streaming gRPC calls
 * therefore reach the upstream only once the client half-closes.</li>
 * <li>Opaque TCP: each connection to an egress TCP port ({@code tcp*} port names) becomes one HTTP CONNECT to the
 * remote ingress gateway ({@link io.l7mp.mcw.gateway.adapter.http.EgressTcpHandler}), which dials a local backend
 * ({@link io.l7mp.mcw.gateway.adapter.http.IngressConnect}); after the answer both gateways splice the two connections
 * at Netty level ({@link io.l7mp.mcw.gateway.adapter.http.TcpSplice}), half-closes and back-pressure included (ADR
 * 0021).</li>
 * </ul>
 */
package io.l7mp.mcw.gateway.adapter.http;
