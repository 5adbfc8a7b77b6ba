/**
 * The gateway's routing decisions, in plain Java: no Quarkus, fabric8, Vert.x, Kafka or gRPC type appears here
 * (event records of {@code io.l7mp.mcw.api} do). Adapters map their wire types in, the data plane asks for decisions.
 *
 * <h2>Inputs (written by the Kubernetes and Kafka adapters)</h2>
 * <ul>
 * <li>{@link io.l7mp.mcw.gateway.domain.GatewayInputs}: this cluster's name; every cluster's
 * {@code ExportEvent} (the {@code mcw.exports.v1} view, aggregated here with {@code ServiceAggregator}); this
 * cluster's {@link io.l7mp.mcw.gateway.domain.ImportedService}s with their allocated egress ports (from the
 * ServiceImport annotation or {@code mcw.imports.v1}); this cluster's accepted {@code PolicyEvent}s; its
 * {@link io.l7mp.mcw.gateway.domain.LocalService}s (every watched Service with ready EndpointSlice endpoints per
 * port, and its cluster IP); its VirtualServices and HTTPRoutes as {@link io.l7mp.mcw.gateway.domain.L7Object}
 * (kind, namespace, name, creationTimestamp, spec as generic JSON maps).</li>
 * <li>Each list is the full current view, in any order. On any change, call
 * {@link io.l7mp.mcw.gateway.domain.RouteTableBuilder#build(GatewayInputs)} on one thread (it is pure and takes
 * milliseconds) and publish the new {@link io.l7mp.mcw.gateway.domain.RouteTable} through a volatile field or an
 * {@code AtomicReference}; event-loop threads read the field and never block.</li>
 * </ul>
 *
 * <h2>The table (read by the data plane, the admin API and the status writer)</h2>
 * <ul>
 * <li>{@code ingressPorts()}/{@code ingressListeners()}: open one TCP (HTTP/1.1, h2c, CONNECT) and one UDP (probe
 * echo) listener per port; {@code egressPorts()}/{@code egressListeners()}: one listener per imported service
 * port; {@code hosts()}: the names the Host-routing egress listener serves.</li>
 * <li>{@code refused()}: L7 objects refused as a whole, with a reason that names the field and the fix (write it as a
 * Kubernetes Event and log it); {@code notices()}: ignored objects, warnings, conflicts, exports without a local
 * listener. {@link io.l7mp.mcw.gateway.domain.RouteTableRenderer} renders the table for the admin API.</li>
 * </ul>
 *
 * <h2>Decisions (called by the data plane per request or connection)</h2>
 * <ul>
 * <li>{@code RouteTable.ingress(listenerPort, authority)} -&gt;
 * {@link io.l7mp.mcw.gateway.domain.IngressDecision}: {@code Forward(service, port, backends)}, {@code NotFound}
 * (404), {@code Forbidden} (403: known but not exported here), {@code Unavailable} (503: no endpoint). Any exported
 * service is served on every ingress listener, since failover moves flows to other tunnels' ports.</li>
 * <li>{@code RouteTable.egressHttp(egressPort | authority, HttpRequestView, random)} and
 * {@code egressTcp(egressPort, random)} -&gt; {@link io.l7mp.mcw.gateway.domain.EgressDecision}:
 * {@code Route(destination, port, candidates, requestHeaders, source)}: send to {@code candidates.get(0)}'s
 * {@code ingressHost:tunnelPort} with {@code :authority = route.authority()}, DSCP from the candidate, headers
 * changed by {@code requestHeaders.apply(...)} (it sets {@code x-mcw-source-cluster}); {@code Redirect(status,
 * location)} (answered by the gateway); or {@code NoRule} (404: the host's rules match nothing; the reason is the
 * body), {@code UnknownService} (404), {@code BackendError} (500: the matching rule's backend cannot be used),
 * {@code Unavailable} (503).
 * {@code random} is {@code ThreadLocalRandom.current().nextDouble()} in production, fixed in tests.</li>
 * <li>{@link io.l7mp.mcw.gateway.domain.RetryPolicy#afterFailure}: after a failed attempt, {@code Retry(next)} on
 * the next candidate or {@code GiveUp(reason)}: connect failures always, resets before any response byte only for
 * idempotent methods, never after response bytes, within {@code maxAttempts}.</li>
 * </ul>
 *
 * <h2>L7 semantics</h2>
 * <ul>
 * <li>{@link io.l7mp.mcw.gateway.domain.VirtualServiceParser} and
 * {@link io.l7mp.mcw.gateway.domain.HttpRouteParser} each follow their own specification: Istio's {@code uri.prefix}
 * is a plain string prefix ({@code /payment} matches {@code /paymentx}), Gateway API's {@code PathPrefix} matches
 * whole path segments (it does not). HTTPRoute matches are ordered by Gateway API precedence; VirtualService rules
 * keep declaration order; both then apply first match wins.</li>
 * <li>VirtualService hosts must be {@code <svc>.<ns>.svc.clusterset.local} (or {@code .svc.cluster.local}) services
 * of the object's own namespace; destinations must be imported services; one VirtualService per host (the oldest
 * wins, later objects are refused). Any unsupported or unknown field refuses the whole object.</li>
 * <li>HTTPRoutes follow the Gateway API mesh profile ({@link io.l7mp.mcw.gateway.domain.HttpRouteMerger}): a route
 * attaches to the Services/ServiceImports of its {@code parentRefs} (to one port with {@code port} or
 * {@code sectionName}), or, without such parents, to the services its hostnames name; the routes on one service are
 * merged by the spec's precedence; {@code RequestRedirect} is answered by the egress gateway
 * ({@code EgressDecision.Redirect}); a backend that cannot be used answers 500 for its share of the rule
 * ({@code EgressDecision.BackendError}); every route gets a {@link io.l7mp.mcw.gateway.domain.RouteStatus} per
 * parent ({@code RouteTable.routeStatuses()}), which the Kubernetes adapter writes on it.</li>
 * <li>Weighted destinations are chosen with the caller's random number; the same number, rescaled, then picks the
 * exporting cluster by ready endpoints ({@link io.l7mp.mcw.gateway.domain.UpstreamSelector}).</li>
 * </ul>
 */
package io.l7mp.mcw.gateway.domain;
