package io.l7mp.mcw.gateway.domain;

/**
 * Something an operator should know about the table that refuses nothing: an ignored L7 object, a warning about an
 * accepted one, an export without a local listener, a KEP-1645 conflict.
 *
 * @param subject what it is about ("VirtualService secure/payment", "secure/payment", "port 31111")
 */
public record Notice(String subject, String message) {
}
