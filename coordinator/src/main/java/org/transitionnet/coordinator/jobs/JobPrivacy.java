package org.transitionnet.coordinator.jobs;

import org.transitionnet.federation.job.DifferentialPrivacy;

/** Reads and checks the differential-privacy settings of a job request. */
public final class JobPrivacy {

  private JobPrivacy() {}

  /** A DP setting of a request is invalid; names the request field. */
  public static final class InvalidSettingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSettingException(String field, String reason) {
      super(reason);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /**
   * The DP settings of a job request.
   *
   * @param level record, client or none; absent: record when epsilon is given, else none
   * @param epsilon target ε over the whole job
   * @param delta δ (absent: 1e-5)
   * @param clipNorm C (absent: 1.0)
   * @param secureAggregation whether the job masks updates (client level needs it)
   * @param rounds the job's rounds (client level derives σ from them)
   * @throws InvalidSettingException naming the request field at fault
   */
  public static DifferentialPrivacy parse(
      String level,
      Double epsilon,
      Double delta,
      Double clipNorm,
      boolean secureAggregation,
      int rounds)
      throws InvalidSettingException {
    DifferentialPrivacy.Level parsed;
    try {
      parsed =
          level != null
              ? DifferentialPrivacy.Level.parse(level)
              : epsilon != null && epsilon != 0
                  ? DifferentialPrivacy.Level.RECORD
                  : DifferentialPrivacy.Level.NONE;
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("dpLevel", e.getMessage());
    }
    if (parsed == DifferentialPrivacy.Level.NONE) {
      if ((epsilon != null && epsilon != 0) || (delta != null && delta != 0) || clipNorm != null) {
        throw new InvalidSettingException(
            "dpLevel",
            "dpLevel none takes no dpEpsilon, dpDelta or dpClipNorm; use record or client");
      }
      return DifferentialPrivacy.none();
    }
    double eps = epsilon == null ? 0 : epsilon;
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new InvalidSettingException(
          "dpEpsilon",
          "dpLevel " + parsed.wireName() + " needs a positive, finite dpEpsilon, was " + epsilon);
    }
    double d = delta == null ? DifferentialPrivacy.DEFAULT_DELTA : delta;
    if (!(d > 0 && d < 1)) {
      throw new InvalidSettingException("dpDelta", "dpDelta must be in (0, 1), was " + d);
    }
    double c = clipNorm == null ? DifferentialPrivacy.DEFAULT_CLIP_NORM : clipNorm;
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new InvalidSettingException(
          "dpClipNorm", "dpClipNorm must be positive and finite, was " + c);
    }
    DifferentialPrivacy privacy = new DifferentialPrivacy(parsed, eps, d, c);
    if (parsed == DifferentialPrivacy.Level.CLIENT) {
      if (!secureAggregation) {
        throw new InvalidSettingException(
            "dpLevel",
            "dpLevel client needs secureAggregation: true (without it the coordinator sees each"
                + " site's update with only its share of the noise)");
      }
      try {
        privacy.clientNoiseMultiplier(rounds);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException("dpEpsilon", e.getMessage());
      }
    }
    return privacy;
  }
}
