package io.l7mp.mcw.gateway.domain;

import java.time.Instant;

/**
 * A failure the data plane saw on a path itself, before the probes say anything: a connection to the peer's ingress
 * refused or timed out, reset, or a request that timed out on it. The path counts as down from {@code at} until a
 * probe report measured after it says it carries traffic.
 *
 * @param what what happened, for people: {@code connect refused}
 */
public record PassiveFailure(PathKey path, String what, Instant at) {
}
