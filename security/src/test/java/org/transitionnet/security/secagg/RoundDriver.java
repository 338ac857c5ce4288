package org.transitionnet.security.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one round in process: n clients, one server, sites dropping out before given phases, and a
 * record of everything the server received (the transcript).
 */
final class RoundDriver {

  /** Phase before which a site stops answering. */
  enum DropBefore {
    SHARES,
    MASKED_INPUT,
    UNMASKING
  }

  final SecAggParameters parameters;
  final Map<String, SecAggClient> clients = new LinkedHashMap<>();
  final SecAggServer server;
  final List<Object> transcript = new ArrayList<>();

  RoundDriver(SecAggParameters parameters, List<String> sites, SecureRandom random) {
    this.parameters = parameters;
    for (String site : sites) {
      clients.put(
          site, new SecAggClient(parameters, Consortium.site(site), Consortium.TRUST, random));
    }
    this.server = new SecAggServer(parameters, Consortium.TRUST);
  }

  AggregateResult run(Map<String, int[]> updates, Map<String, DropBefore> drops)
      throws SecAggException {
    for (SecAggClient client : clients.values()) {
      KeyAdvertisement advertisement = client.advertiseKeys();
      record(advertisement);
      server.acceptAdvertisement(client.siteId(), advertisement);
    }
    KeyRoster roster = server.closeAdvertisements();
    for (SecAggClient client : alive(drops, DropBefore.SHARES)) {
      ShareBundle bundle = client.shareKeys(roster);
      record(bundle);
      server.acceptShares(client.siteId(), bundle);
    }
    Map<String, ShareDelivery> deliveries = server.closeShares();
    for (SecAggClient client : alive(drops, DropBefore.MASKED_INPUT)) {
      MaskedInput input =
          client.maskInput(deliveries.get(client.siteId()), updates.get(client.siteId()));
      record(input);
      server.acceptMaskedInput(client.siteId(), input);
    }
    SurvivorList survivors = server.closeMaskedInputs();
    for (SecAggClient client : alive(drops, DropBefore.UNMASKING)) {
      UnmaskingResponse response = client.unmask(survivors);
      record(response);
      server.acceptUnmasking(client.siteId(), response);
    }
    return server.finish();
  }

  private void record(Object message) {
    transcript.add(message);
  }

  /** Clients that have not dropped at or before {@code phase}. */
  private List<SecAggClient> alive(Map<String, DropBefore> drops, DropBefore phase) {
    List<SecAggClient> alive = new ArrayList<>();
    for (SecAggClient client : clients.values()) {
      DropBefore drop = drops.get(client.siteId());
      if (drop == null || drop.ordinal() > phase.ordinal()) {
        alive.add(client);
      }
    }
    return alive;
  }

  /** The plain int32 sum of the given sites' updates. */
  static int[] plainSum(Map<String, int[]> updates, Set<String> sites, int length) {
    int[] sum = new int[length];
    for (String site : sites) {
      int[] update = updates.get(site);
      for (int i = 0; i < length; i++) {
        sum[i] += update[i];
      }
    }
    return sum;
  }
}
