package org.transitionnet.coordinator.persistence;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import org.transitionnet.federation.store.ModelVersion;
import org.transitionnet.federation.store.OptimizerState;

/** A row of {@code tn_model_version}: a global model and the server optimizer's state. */
@Entity
@Table(name = "tn_model_version")
@IdClass(JobVersionKey.class)
public class ModelVersionEntity {

  @Id
  @Column(name = "job_id", length = 128)
  private String jobId;

  /** The version: 0 for the initial model, else the round that produced it. */
  @Id
  @Column(name = "version_number")
  private int number;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(name = "parameters", nullable = false)
  private byte[] parameters;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(name = "first_moment")
  private byte[] firstMoment;

  @Lob
  @Basic(fetch = FetchType.LAZY)
  @Column(name = "second_moment")
  private byte[] secondMoment;

  @Column(name = "optimizer_steps")
  private long optimizerSteps;

  @Column(name = "parameter_count")
  private int parameterCount;

  @Column(name = "created_at", nullable = false)
  private Instant created;

  protected ModelVersionEntity() {}

  static ModelVersionEntity of(ModelVersion model) {
    ModelVersionEntity entity = new ModelVersionEntity();
    entity.jobId = model.jobId();
    entity.number = model.version();
    entity.parameters = ParameterBytes.encode(model.parameters());
    entity.parameterCount = model.parameters().length;
    entity.firstMoment = ParameterBytes.encode(model.optimizerState().firstMoment());
    entity.secondMoment = ParameterBytes.encode(model.optimizerState().secondMoment());
    entity.optimizerSteps = model.optimizerState().steps();
    entity.created = model.created();
    return entity;
  }

  int number() {
    return number;
  }

  ModelVersion toRecord() {
    OptimizerState state =
        new OptimizerState(
            ParameterBytes.decode(firstMoment),
            ParameterBytes.decode(secondMoment),
            optimizerSteps);
    return new ModelVersion(jobId, number, ParameterBytes.decode(parameters), state, created);
  }
}
