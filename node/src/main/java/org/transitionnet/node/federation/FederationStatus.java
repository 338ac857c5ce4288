package org.transitionnet.node.federation;

import java.time.Instant;
import java.util.List;

/**
 * The node's federation status.
 *
 * @param enabled whether a site id and coordinator are configured
 * @param siteId this site's id
 * @param state disabled, starting, enrolling, running or failed
 * @param problem why it failed, else empty
 * @param enrolled whether the keystore holds a consortium certificate
 * @param certificateSerial its serial (hex), empty before enrollment
 * @param certificateNotAfter its expiry
 * @param coordinator host:port dialled
 * @param connected whether the coordinator has welcomed the current stream
 * @param streamsOpened streams opened so far (1 + reconnects)
 * @param lastWelcome when the coordinator last welcomed a stream
 * @param jobs every job offered to this site, with its decision and rounds
 * @param auditEntries messages logged as having left the site
 */
public record FederationStatus(
    boolean enabled,
    String siteId,
    String state,
    String problem,
    boolean enrolled,
    String certificateSerial,
    Instant certificateNotAfter,
    String coordinator,
    boolean connected,
    int streamsOpened,
    Instant lastWelcome,
    List<FederationActivity.JobSeen> jobs,
    long auditEntries) {}
