package org.transitionnet.security.secagg;

/** Every secure aggregation message names its job and round; both roles refuse any other. */
public sealed interface RoundMessage
    permits KeyAdvertisement,
        KeyRoster,
        ShareBundle,
        ShareDelivery,
        MaskedInput,
        SurvivorList,
        UnmaskingResponse {

  String jobId();

  long round();
}
