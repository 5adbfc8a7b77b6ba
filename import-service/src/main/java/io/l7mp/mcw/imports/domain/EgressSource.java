package io.l7mp.mcw.imports.domain;

import java.util.regex.Pattern;

/** Where the endpoints of the derived Services come from: the egress gateway's pods, or one fixed address. */
public sealed interface EgressSource {

    /**
     * One address, always ready (the sandbox and tests run the gateway on a loopback address). An IP gives an IPv4
     * or IPv6 slice; a DNS name gives an FQDN slice, which kube-proxy ignores.
     */
    record StaticAddress(String address) implements EgressSource {
        public StaticAddress {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException(
                        "egress address is missing, expected a non-empty mcw.import.egress-address");
            }
        }

        /** Whether the address is a DNS name, not an IP: its EndpointSlices get addressType FQDN. */
        public boolean isDnsName() {
            return EgressEndpoints.FQDN.equals(EgressEndpoints.addressType(address));
        }

        @Override
        public String toString() {
            return "address " + address;
        }
    }

    /**
     * The pods of the egress gateway, as a Service with this selector would have them: the pods in
     * {@code namespace} whose labels match {@code selector}.
     */
    record GatewayPods(String namespace, LabelSelector selector) implements EgressSource {
        private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        private static final int MAX_NAMESPACE = 63;

        public GatewayPods {
            if (namespace == null || namespace.length() > MAX_NAMESPACE || !DNS_LABEL.matcher(namespace).matches()) {
                throw new IllegalArgumentException("mcw.import.egress-pod-namespace '" + namespace
                        + "' is not a namespace name, expected a DNS-1123 label (at most 63 lower-case alphanumerics "
                        + "or '-', starting and ending with an alphanumeric), e.g. mcw-system");
            }
            if (selector == null) {
                throw new IllegalArgumentException("mcw.import.egress-pod-selector is missing");
            }
        }

        @Override
        public String toString() {
            return "pods " + selector + " in namespace " + namespace;
        }
    }
}
