package io.l7mp.mcw.testkit.wan;

/**
 * What crossed a {@link WanPath} since the emulator started (a snapshot). "Forward" is from the path's source cluster
 * to its destination cluster, "reverse" the answers.
 *
 * @param bytesForward TCP bytes delivered to the destination
 * @param bytesReverse TCP bytes delivered back to the source
 * @param datagramsForward UDP datagrams delivered to the destination
 * @param datagramsReverse UDP datagrams delivered back to the source
 * @param datagramsDropped UDP datagrams dropped in either direction (loss, a cut, or a full bandwidth queue)
 * @param connectionsOpened TCP connections accepted on the path
 * @param connectionsActive TCP connections accepted and not yet closed (including ones held by a blackhole)
 * @param connectionsReset TCP connections reset by a {@code reset} cut, existing or new
 */
public record PathCounters(long bytesForward, long bytesReverse, long datagramsForward, long datagramsReverse,
        long datagramsDropped, long connectionsOpened, long connectionsActive, long connectionsReset) {
}
