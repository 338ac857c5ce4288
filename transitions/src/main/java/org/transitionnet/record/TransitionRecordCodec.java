package org.transitionnet.record;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import java.util.List;
import org.transitionnet.proto.v1.TransitionRecordBatch;

/**
 * Converts transition records to and from their protobuf form and their canonical JSON form (the
 * protobuf JSON mapping of {@code transitionnet.v1.TransitionRecord}).
 */
public final class TransitionRecordCodec {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private TransitionRecordCodec() {}

  public static org.transitionnet.proto.v1.TransitionRecord toProto(TransitionRecord r) {
    var b =
        org.transitionnet.proto.v1.TransitionRecord.newBuilder()
            .setSubject(r.subject())
            .setSite(r.site())
            .setBaselineState(toProto(r.baseline()))
            .setFollowUpState(toProto(r.followUp()))
            .setIntervalDays(r.intervalDays())
            .setProvenance(toProto(r.provenance()));
    r.context().forEach(v -> b.addContext(toProto(v)));
    r.actions().forEach(a -> b.addAction(toProto(a)));
    r.evidenceChain().forEach(e -> b.addEvidenceChain(toProto(e)));
    return b.build();
  }

  public static TransitionRecord fromProto(org.transitionnet.proto.v1.TransitionRecord p) {
    return new TransitionRecord(
        p.getSubject(),
        p.getSite(),
        fromProto(p.getBaselineState()),
        p.getContextList().stream().map(TransitionRecordCodec::fromProto).toList(),
        p.getActionList().stream().map(TransitionRecordCodec::fromProto).toList(),
        fromProto(p.getFollowUpState()),
        p.getIntervalDays(),
        p.getEvidenceChainList().stream().map(TransitionRecordCodec::fromProto).toList(),
        fromProto(p.getProvenance()));
  }

  /** The canonical JSON form of one record (compact, protobuf JSON mapping). */
  public static String toJson(TransitionRecord r) {
    try {
      return PRINTER.print(toProto(r));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a built record always prints", e);
    }
  }

  /**
   * Parses one record from its canonical JSON form.
   *
   * @throws InvalidProtocolBufferException when the JSON is not a valid record (unknown field,
   *     wrong type); the message names the offending field
   */
  public static TransitionRecord fromJson(String json) throws InvalidProtocolBufferException {
    var b = org.transitionnet.proto.v1.TransitionRecord.newBuilder();
    PARSER.merge(json, b);
    return fromProto(b.build());
  }

  /** Parses {@code {"records": [...]}}. */
  public static List<TransitionRecord> batchFromJson(String json)
      throws InvalidProtocolBufferException {
    var b = TransitionRecordBatch.newBuilder();
    PARSER.merge(json, b);
    return b.getRecordsList().stream().map(TransitionRecordCodec::fromProto).toList();
  }

  public static String batchToJson(List<TransitionRecord> records) {
    var b = TransitionRecordBatch.newBuilder();
    records.forEach(r -> b.addRecords(toProto(r)));
    try {
      return PRINTER.print(b.build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a built batch always prints", e);
    }
  }

  static org.transitionnet.proto.v1.Variable toProto(Variable v) {
    var b =
        org.transitionnet.proto.v1.Variable.newBuilder()
            .setName(v.name())
            .setUnit(v.unit())
            .setCode(v.code());
    if (v.value() == null) {
      b.setMissing(true);
    } else if (v.value() instanceof Value.Numeric n) {
      b.setNumber(n.value());
    } else if (v.value() instanceof Value.Flag f) {
      b.setBoolean(f.value());
    } else if (v.value() instanceof Value.Category c) {
      b.setCategory(c.level());
    }
    return b.build();
  }

  static Variable fromProto(org.transitionnet.proto.v1.Variable p) {
    Value value =
        switch (p.getValueCase()) {
          case NUMBER -> Value.of(p.getNumber());
          case BOOLEAN -> Value.of(p.getBoolean());
          case CATEGORY -> Value.of(p.getCategory());
          case VALUE_NOT_SET -> null;
        };
    if (p.getMissing() && value != null) {
      throw new IllegalArgumentException(
          "variable " + p.getName() + " is marked missing but carries a value");
    }
    return new Variable(p.getName(), value, p.getUnit(), p.getCode());
  }

  static org.transitionnet.proto.v1.State toProto(State s) {
    var b = org.transitionnet.proto.v1.State.newBuilder().setTimeDays(s.timeDays());
    s.variables().forEach(v -> b.addVariables(toProto(v)));
    return b.build();
  }

  static State fromProto(org.transitionnet.proto.v1.State p) {
    return new State(
        p.getTimeDays(),
        p.getVariablesList().stream().map(TransitionRecordCodec::fromProto).toList());
  }

  static org.transitionnet.proto.v1.Action toProto(Action a) {
    var b =
        org.transitionnet.proto.v1.Action.newBuilder()
            .setType(a.type())
            .setName(a.name())
            .setCode(a.code())
            .setDoseUnit(a.doseUnit())
            .setFrequency(a.frequency())
            .setRoute(a.route());
    if (a.dose() != null) {
      b.setDose(a.dose());
    }
    if (a.durationDays() != null) {
      b.setDurationDays(a.durationDays());
    }
    if (a.adherence() != null) {
      b.setAdherence(a.adherence());
    }
    return b.build();
  }

  static Action fromProto(org.transitionnet.proto.v1.Action p) {
    return new Action(
        p.getType(),
        p.getName(),
        p.getCode(),
        p.hasDose() ? p.getDose() : null,
        p.getDoseUnit(),
        p.getFrequency(),
        p.getRoute(),
        p.hasDurationDays() ? p.getDurationDays() : null,
        p.hasAdherence() ? p.getAdherence() : null);
  }

  static org.transitionnet.proto.v1.EvidenceLink toProto(EvidenceLink e) {
    var b =
        org.transitionnet.proto.v1.EvidenceLink.newBuilder()
            .setTarget(e.target())
            .setPathway(e.pathway())
            .setBiomarker(e.biomarker())
            .setValidationSource(e.validationSource());
    if (e.expectedDirection() != null) {
      b.setExpectedDirection(
          org.transitionnet.proto.v1.Direction.valueOf(e.expectedDirection().name()));
    }
    return b.build();
  }

  static EvidenceLink fromProto(org.transitionnet.proto.v1.EvidenceLink p) {
    Direction d =
        switch (p.getExpectedDirection()) {
          case UP -> Direction.UP;
          case DOWN -> Direction.DOWN;
          case FLAT -> Direction.FLAT;
          case DIRECTION_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    return new EvidenceLink(
        p.getTarget(), p.getPathway(), p.getBiomarker(), d, p.getValidationSource());
  }

  static org.transitionnet.proto.v1.Provenance toProto(Provenance p) {
    var b =
        org.transitionnet.proto.v1.Provenance.newBuilder()
            .setDataset(p.dataset())
            .addAllSourceIds(p.sourceIds())
            .setMappingVersion(p.mappingVersion());
    if (p.importedAt() != null) {
      b.setImportedAt(
          Timestamp.newBuilder()
              .setSeconds(p.importedAt().getEpochSecond())
              .setNanos(p.importedAt().getNano()));
    }
    return b.build();
  }

  static Provenance fromProto(org.transitionnet.proto.v1.Provenance p) {
    Instant at =
        p.hasImportedAt()
            ? Instant.ofEpochSecond(p.getImportedAt().getSeconds(), p.getImportedAt().getNanos())
            : null;
    return new Provenance(p.getDataset(), p.getSourceIdsList(), at, p.getMappingVersion());
  }
}
