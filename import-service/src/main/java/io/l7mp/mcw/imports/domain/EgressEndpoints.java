package io.l7mp.mcw.imports.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints every derived Service gets: this cluster's egress gateway, as one EndpointSlice address family.
 *
 * @param addressType IPv4, IPv6 or FQDN
 * @param endpoints in pod-name order
 * @param problem why no endpoint is ready, for the ServiceImport's Ready condition and the log; null when one is
 */
public record EgressEndpoints(String addressType, List<EgressEndpoint> endpoints,
        String problem) {

    public static final String IPV4 = "IPv4";
    public static final String IPV6 = "IPv6";
    public static final String FQDN = "FQDN";

    public EgressEndpoints {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * What a Service controller would make of {@code source}: for gateway pods, every pod in the namespace that
     * matches the selector, is Running and has an IP of the slice's family, with its conditions (a terminating pod
     * stays, not ready, so that kube-proxy can still drain to it). The family is the one of the first such pod's
     * primary IP (every pod of a cluster has its primary IP in the cluster's primary family, as Services do),
     * IPv4 when there is none. A derived Service is single-stack, so one slice of one family is what it needs.
     */
    public static EgressEndpoints resolve(EgressSource source, List<EgressPod> pods) {
        if (source instanceof EgressSource.GatewayPods gateway) {
            return fromPods(gateway, pods);
        }
        String address = ((EgressSource.StaticAddress) source).address();
        return new EgressEndpoints(addressType(address), List.of(EgressEndpoint.fixed(address)), null);
    }

    private static EgressEndpoints fromPods(EgressSource.GatewayPods gateway, List<EgressPod> pods) {
        List<EgressPod> selected = pods.stream()
                .filter(p -> gateway.namespace().equals(p.namespace()) && gateway.selector().matches(p.labels()))
                .sorted(Comparator.comparing(EgressPod::name)).toList();
        List<EgressPod> running = selected.stream().filter(p -> EgressPod.RUNNING.equals(p.phase()))
                .filter(p -> !p.ips().isEmpty()).toList();
        String family = running.isEmpty() ? IPV4 : addressType(running.get(0).ips().get(0));
        List<EgressEndpoint> endpoints = running.stream()
                .flatMap(p -> ipOf(p, family).map(ip -> endpoint(p, ip)).stream()).toList();
        return new EgressEndpoints(family, endpoints, problem(gateway, family, selected.size(), endpoints));
    }

    private static Optional<String> ipOf(EgressPod pod, String family) {
        return pod.ips().stream().filter(ip -> family.equals(addressType(ip))).findFirst();
    }

    private static EgressEndpoint endpoint(EgressPod pod, String ip) {
        return new EgressEndpoint(ip, pod.ready() && !pod.deleting(), pod.ready(), pod.deleting(), pod.nodeName(),
                new EgressEndpoint.PodRef(pod.namespace(), pod.name(), pod.uid()));
    }

    private static String problem(EgressSource.GatewayPods gateway, String family, int selected,
            List<EgressEndpoint> endpoints) {
        if (endpoints.stream().anyMatch(EgressEndpoint::ready)) {
            return null;
        }
        String where = "in namespace " + gateway.namespace() + " match mcw.import.egress-pod-selector "
                + gateway.selector();
        if (selected == 0) {
            return "no egress gateway pod: no pods " + where;
        }
        return "no ready egress gateway pod: " + selected + " pod(s) " + where + ", but none is Running with an "
                + family + " address, Ready and not terminating";
    }

    /** The EndpointSlice address type of {@code address}. */
    public static String addressType(String address) {
        if (address.contains(":")) {
            return IPV6;
        }
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? IPV4 : FQDN;
    }
}
